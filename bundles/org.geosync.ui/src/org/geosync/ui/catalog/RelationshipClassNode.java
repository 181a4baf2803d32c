package org.geosync.ui.catalog;

import org.eclipse.osgi.util.NLS;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.RelationshipClass;
import org.geosync.ui.internal.UiTexts;

/** A relationship class as the Catalog shows it, next to the datasets of the geodatabase in {@code location}. */
public record RelationshipClassNode(GeodatabaseLocation location, RelationshipClass relationshipClass) {

    /**
     * The Catalog label: name, cardinality, simple or attributed, origin and destination, and the keys, e.g.
     * "BUILDING_INSPECTIONS (1:M simple, BUILDINGS → INSPECTIONS, key GLOBALID → BUILDING_GLOBALID)".
     */
    public String label() {
        RelationshipClass rc = relationshipClass;
        return NLS.bind(UiTexts.RC_label,
                new Object[] { rc.name(), rc.cardinality().label(), kind(rc), rc.origin(), rc.destination(), keys(rc) });
    }

    /** "simple" or "attributed", as ArcGIS names the two kinds; an M:N class that is not attributed still has a table. */
    static String kind(RelationshipClass rc) {
        return rc.attributed() ? UiTexts.RC_attributedKind : UiTexts.RC_simpleKind;
    }

    /** The keys in a line: origin key to the foreign key holding it, and for a table the destination's pair too. */
    static String keys(RelationshipClass rc) {
        if (!rc.hasTable()) {
            return NLS.bind(UiTexts.RC_key, rc.originKey(), rc.foreignKey());
        }
        return NLS.bind(UiTexts.RC_twoKeys,
                new Object[] { rc.originKey(), rc.foreignKey(), rc.destinationKey(), rc.destinationForeignKey() });
    }

    /** A sentence for the tooltip: how the relationship is kept. */
    public String description() {
        RelationshipClass rc = relationshipClass;
        if (!rc.hasTable()) {
            return NLS.bind(UiTexts.RC_foreignKeyDescription,
                    new Object[] { rc.destination(), rc.originKey(), rc.origin(), rc.foreignKey() });
        }
        int n = rc.attributes().size();
        return NLS.bind(n == 0 ? UiTexts.RC_tableDescription : n == 1 ? UiTexts.RC_tableDescriptionOne : UiTexts.RC_tableDescriptionMany,
                new Object[] { rc.table(), rc.foreignKey(), rc.origin(), rc.originKey(), rc.destinationForeignKey(), rc.destination(),
                        rc.destinationKey(), n });
    }
}
