package org.geosync.ui.conflicts;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ITableColorProvider;
import org.eclipse.jface.viewers.ITableFontProvider;
import org.eclipse.jface.viewers.ITableLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.Image;
import org.geosync.model.ConflictFieldValue;
import org.geosync.ui.internal.UiTexts;

/**
 * The fields of a conflicting row side by side (field, common ancestor, this database, imported); conflicting
 * fields are bold on a light red background, and a version that differs from the ancestor is dark red.
 */
public class FieldValuesLabelProvider extends LabelProvider implements ITableLabelProvider, ITableFontProvider, ITableColorProvider {

    /** Column titles, in order. */
    public static final String[] COLUMNS = { UiTexts.Conflicts_colField, UiTexts.Conflicts_colAncestor, UiTexts.Conflicts_colDatabase, UiTexts.Conflicts_colImported };
    private static final int MAX = 160;

    private final Color conflictBackground = new Color(255, 228, 225);
    private final Color changed = new Color(150, 0, 0);

    @Override
    public String getColumnText(Object element, int column) {
        ConflictFieldValue v = (ConflictFieldValue) element;
        return switch (column) {
            case 0 -> v.getFieldName();
            case 1 -> text(v.getAncestorValue());
            case 2 -> text(v.getDatabaseValue());
            case 3 -> text(v.getImportedValue());
            default -> "";
        };
    }

    /** A value in text form; SQL NULL shown as such, long geometries shortened. */
    static String text(String value) {
        if (value == null) {
            return UiTexts.Conflicts_null;
        }
        return value.length() > MAX ? value.substring(0, MAX) + "..." : value;
    }

    @Override
    public Image getColumnImage(Object element, int column) {
        return null;
    }

    @Override
    public Font getFont(Object element, int column) {
        return ((ConflictFieldValue) element).isConflicting() ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT)
                : null;
    }

    @Override
    public Color getForeground(Object element, int column) {
        ConflictFieldValue v = (ConflictFieldValue) element;
        String value = column == 2 ? v.getDatabaseValue() : column == 3 ? v.getImportedValue() : null;
        return (column == 2 || column == 3) && !java.util.Objects.equals(value, v.getAncestorValue()) ? changed : null;
    }

    @Override
    public Color getBackground(Object element, int column) {
        return ((ConflictFieldValue) element).isConflicting() ? conflictBackground : null;
    }

    @Override
    public void dispose() {
        conflictBackground.dispose();
        changed.dispose();
        super.dispose();
    }
}
