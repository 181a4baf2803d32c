package org.geosync.ui.catalog;

import java.nio.file.Path;

import org.geosync.core.RelationshipClass;

/** A relationship class as the Catalog shows it, next to the datasets of the geodatabase in {@code directory}. */
public record RelationshipClassNode(Path directory, RelationshipClass relationshipClass) {

    /**
     * The Catalog label: name, cardinality, simple or attributed, origin and destination, and the keys, e.g.
     * "BUILDING_INSPECTIONS (1:M simple, BUILDINGS → INSPECTIONS, key GLOBALID → BUILDING_GLOBALID)".
     */
    public String label() {
        RelationshipClass rc = relationshipClass;
        return rc.name() + " (" + rc.cardinality().label() + " " + kind(rc) + ", " + rc.origin() + " \u2192 " + rc.destination() + ", "
                + keys(rc) + ")";
    }

    /** "simple" or "attributed", as ArcGIS names the two kinds; an M:N class that is not attributed still has a table. */
    static String kind(RelationshipClass rc) {
        return rc.attributed() ? "attributed" : "simple";
    }

    /** The keys in a line: origin key to the foreign key holding it, and for a table the destination's pair too. */
    static String keys(RelationshipClass rc) {
        if (!rc.hasTable()) {
            return "key " + rc.originKey() + " \u2192 " + rc.foreignKey();
        }
        return "keys " + rc.originKey() + " \u2192 " + rc.foreignKey() + ", " + rc.destinationKey() + " \u2192 " + rc.destinationForeignKey();
    }

    /** A sentence for the tooltip: how the relationship is kept. */
    public String description() {
        RelationshipClass rc = relationshipClass;
        if (!rc.hasTable()) {
            return "Each " + rc.destination() + " row holds the " + rc.originKey() + " of its " + rc.origin() + " row in " + rc.foreignKey() + ".";
        }
        return "Each relationship is a row of the table " + rc.table() + ": " + rc.foreignKey() + " holds the " + rc.origin() + " row's "
                + rc.originKey() + ", " + rc.destinationForeignKey() + " the " + rc.destination() + " row's " + rc.destinationKey()
                + (rc.attributes().isEmpty() ? "." : ", with " + rc.attributes().size() + (rc.attributes().size() == 1 ? " attribute." : " attributes."));
    }
}
