package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.geosync.core.Field;
import org.geosync.core.RelationshipClass;

/**
 * What the Properties view shows for a relationship class (read-only), in ArcGIS's terms: type,
 * cardinality, origin and destination with their primary and foreign keys, the relationship table and
 * its attributes.
 */
final class RelationshipClassPropertySource extends ReadOnlyPropertySource {

    private static final String CATEGORY = "Relationship Class";
    private static final String KEYS = "Keys";
    private static final String ATTRIBUTES = "Attributes";

    private final RelationshipClassNode node;

    RelationshipClassPropertySource(RelationshipClassNode node) {
        this.node = node;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        RelationshipClass rc = node.relationshipClass();
        List<IPropertyDescriptor> out = new ArrayList<>();
        out.add(descriptor("name", "Name", CATEGORY));
        out.add(descriptor("type", "Type", CATEGORY));
        out.add(descriptor("cardinality", "Cardinality", CATEGORY));
        out.add(descriptor("origin", "Origin", CATEGORY));
        out.add(descriptor("destination", "Destination", CATEGORY));
        out.add(descriptor("table", "Relationship table", CATEGORY));
        out.add(descriptor("stored", "How relationships are kept", CATEGORY));
        out.add(descriptor("originKey", "Origin primary key", KEYS));
        out.add(descriptor("foreignKey", "Origin foreign key", KEYS));
        if (rc.hasTable()) {
            out.add(descriptor("destinationKey", "Destination primary key", KEYS));
            out.add(descriptor("destinationForeignKey", "Destination foreign key", KEYS));
        }
        for (Field f : rc.attributes()) {
            out.add(descriptor("attribute:" + f.name(), f.name(), ATTRIBUTES));
        }
        return out.toArray(IPropertyDescriptor[]::new);
    }

    @Override
    public Object getPropertyValue(Object id) {
        RelationshipClass rc = node.relationshipClass();
        String key = (String) id;
        if (key.startsWith("attribute:")) {
            String name = key.substring("attribute:".length());
            return rc.attributes().stream().filter(f -> f.name().equals(name)).findFirst()
                    .map(f -> f.type().name().toLowerCase(Locale.ROOT) + (f.length() > 0 ? "(" + f.length() + ")" : "")).orElse(null);
        }
        return switch (key) {
            case "name" -> rc.name();
            case "type" -> rc.attributed() ? "Attributed" : "Simple";
            case "cardinality" -> rc.cardinality().label() + " (" + switch (rc.cardinality()) {
                case ONE_TO_ONE -> "one to one";
                case ONE_TO_MANY -> "one to many";
                case MANY_TO_MANY -> "many to many";
            } + ")";
            case "origin" -> rc.origin();
            case "destination" -> rc.destination();
            case "table" -> rc.hasTable() ? rc.table() : "none (the foreign key is in " + rc.destination() + ")";
            case "stored" -> node.description();
            case "originKey" -> rc.origin() + "." + rc.originKey();
            case "foreignKey" -> (rc.hasTable() ? rc.table() : rc.destination()) + "." + rc.foreignKey();
            case "destinationKey" -> rc.destination() + "." + rc.destinationKey();
            case "destinationForeignKey" -> rc.table() + "." + rc.destinationForeignKey();
            default -> null;
        };
    }
}
