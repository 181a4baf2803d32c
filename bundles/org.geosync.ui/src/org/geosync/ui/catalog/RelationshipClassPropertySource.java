package org.geosync.ui.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.geosync.core.Field;
import org.geosync.core.RelationshipClass;
import org.geosync.ui.internal.UiTexts;

/**
 * What the Properties view shows for a relationship class (read-only), in ArcGIS's terms: type,
 * cardinality, origin and destination with their primary and foreign keys, the relationship table and
 * its attributes.
 */
final class RelationshipClassPropertySource extends ReadOnlyPropertySource {

    private static final String CATEGORY = UiTexts.RC_category;
    private static final String KEYS = UiTexts.RC_keys;
    private static final String ATTRIBUTES = UiTexts.RC_attributes;

    private final RelationshipClassNode node;

    RelationshipClassPropertySource(RelationshipClassNode node) {
        this.node = node;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        RelationshipClass rc = node.relationshipClass();
        List<IPropertyDescriptor> out = new ArrayList<>();
        out.add(descriptor("name", UiTexts.Catalog_name, CATEGORY));
        out.add(descriptor("type", UiTexts.RC_type, CATEGORY));
        out.add(descriptor("cardinality", UiTexts.RC_cardinality, CATEGORY));
        out.add(descriptor("origin", UiTexts.RC_origin, CATEGORY));
        out.add(descriptor("destination", UiTexts.RC_destination, CATEGORY));
        out.add(descriptor("table", UiTexts.RC_table, CATEGORY));
        out.add(descriptor("stored", UiTexts.RC_stored, CATEGORY));
        out.add(descriptor("originKey", UiTexts.RC_originKey, KEYS));
        out.add(descriptor("foreignKey", UiTexts.RC_foreignKey, KEYS));
        if (rc.hasTable()) {
            out.add(descriptor("destinationKey", UiTexts.RC_destinationKey, KEYS));
            out.add(descriptor("destinationForeignKey", UiTexts.RC_destinationForeignKey, KEYS));
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
            case "type" -> rc.attributed() ? UiTexts.RC_attributed : UiTexts.RC_simple;
            case "cardinality" -> rc.cardinality().label() + " (" + switch (rc.cardinality()) {
                case ONE_TO_ONE -> UiTexts.RC_oneToOne;
                case ONE_TO_MANY -> UiTexts.RC_oneToMany;
                case MANY_TO_MANY -> UiTexts.RC_manyToMany;
            } + ")";
            case "origin" -> rc.origin();
            case "destination" -> rc.destination();
            case "table" -> rc.hasTable() ? rc.table() : NLS.bind(UiTexts.RC_noTable, rc.destination());
            case "stored" -> node.description();
            case "originKey" -> rc.origin() + "." + rc.originKey();
            case "foreignKey" -> (rc.hasTable() ? rc.table() : rc.destination()) + "." + rc.foreignKey();
            case "destinationKey" -> rc.destination() + "." + rc.destinationKey();
            case "destinationForeignKey" -> rc.table() + "." + rc.destinationForeignKey();
            default -> null;
        };
    }
}
