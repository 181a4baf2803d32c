package org.geosync.ui.views;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** The body of a list view: a one-line heading saying what is shown above a table of named columns. */
record HeadedTable(Label heading, TableViewer viewer) {

    /** Lays out {@code parent} with the heading and a table ({@code selection}: SWT.SINGLE or SWT.MULTI) fed from arrays or lists. */
    static HeadedTable create(Composite parent, String headingText, int selection, String[] columns, int[] widths) {
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        parent.setLayout(layout);
        Label heading = new Label(parent, SWT.NONE);
        heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        heading.setText(headingText);
        TableViewer viewer = new TableViewer(parent, selection | SWT.FULL_SELECTION | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        for (int i = 0; i < columns.length; i++) {
            TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
            c.getColumn().setText(columns[i]);
            c.getColumn().setWidth(widths[i]);
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        return new HeadedTable(heading, viewer);
    }
}
