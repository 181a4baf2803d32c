package org.geosync.ui.wizards;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Dataset;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaRules;
import org.geosync.core.ReplicaSpec.DatasetSpec;
import org.geosync.core.SelectionSet;
import org.geosync.ui.internal.UiTexts;

/**
 * The row filters of a new replica's datasets, one dataset at a time: a definition query and schema only, and, where the
 * parent is a sync service (which takes a selection set as ObjectIDs), the ObjectIDs of the rows to copy. Shared by Create
 * Replica's Filters page and Create Replica from Server; each dataset keeps what was typed for it while another is shown, and
 * the engine's rule ({@link ReplicaRules#datasetProblem}) says what is wrong.
 */
final class DatasetFilterEditor {

    private final Map<String, String> queries = new HashMap<>();
    private final Set<String> schemaOnly = new HashSet<>();
    private final Map<String, String> objectIds = new HashMap<>();
    private final Runnable changed;
    private final Combo dataset;
    private final Text query;
    private final Button schemaOnlyCheck;
    private final Text selection; // null: no ObjectIDs here (the local wizard has a page of its own for selection sets)
    private List<Dataset> shown = List.of();
    private boolean loading;

    /** Makes the group in {@code parent}; {@code changed} runs after every change. */
    DatasetFilterEditor(Composite parent, boolean withObjectIds, Runnable changed) {
        this.changed = changed;
        Group rows = new Group(parent, SWT.NONE);
        rows.setText(UiTexts.Filters_rowsGroup);
        rows.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, ((GridLayout) parent.getLayout()).numColumns, 1));
        rows.setLayout(new GridLayout(2, false));
        new Label(rows, SWT.NONE).setText(UiTexts.Filters_dataset);
        dataset = new Combo(rows, SWT.READ_ONLY);
        dataset.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(rows, SWT.NONE).setText(UiTexts.Filters_query);
        query = new Text(rows, SWT.BORDER);
        query.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        query.setMessage(UiTexts.Filters_queryHint);
        new Label(rows, SWT.NONE);
        schemaOnlyCheck = new Button(rows, SWT.CHECK);
        schemaOnlyCheck.setText(UiTexts.Filters_schemaOnly);
        if (withObjectIds) {
            new Label(rows, SWT.NONE).setText(UiTexts.ServerReplica_objectIds);
            selection = new Text(rows, SWT.BORDER);
            selection.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            selection.setMessage(UiTexts.ServerReplica_objectIdsHint);
            selection.addModifyListener(e -> remember(objectIds, selection));
        } else {
            selection = null;
        }
        dataset.addListener(SWT.Selection, e -> showDataset());
        query.addModifyListener(e -> remember(queries, query));
        schemaOnlyCheck.addListener(SWT.Selection, e -> {
            if (current() != null) {
                if (schemaOnlyCheck.getSelection()) {
                    schemaOnly.add(current().name());
                } else {
                    schemaOnly.remove(current().name());
                }
                changed.run();
            }
        });
    }

    private void remember(Map<String, String> texts, Text field) {
        if (!loading && current() != null) {
            texts.put(current().name(), field.getText());
            changed.run();
        }
    }

    /** Keeps the dataset list in step with the datasets chosen; the one shown stays shown while it is chosen. */
    void show(List<Dataset> datasets) {
        if (datasets.equals(shown)) {
            return;
        }
        String was = current() == null ? null : current().name();
        shown = List.copyOf(datasets);
        dataset.removeAll();
        int select = 0;
        for (int i = 0; i < shown.size(); i++) {
            dataset.add(shown.get(i).name());
            if (shown.get(i).name().equals(was)) {
                select = i;
            }
        }
        if (!shown.isEmpty()) {
            dataset.select(select);
        }
        showDataset();
    }

    private void showDataset() {
        Dataset d = current();
        loading = true;
        try {
            query.setText(d == null ? "" : queries.getOrDefault(d.name(), ""));
            schemaOnlyCheck.setSelection(d != null && schemaOnly.contains(d.name()));
            if (selection != null) {
                selection.setText(d == null ? "" : objectIds.getOrDefault(d.name(), ""));
            }
        } finally {
            loading = false;
        }
        changed.run();
    }

    private Dataset current() {
        int i = dataset.getSelectionIndex();
        return i >= 0 && i < shown.size() ? shown.get(i) : null;
    }

    /** Enables what applies to the dataset shown (a schema-only dataset takes no query and no rows). */
    void updateEnablement() {
        boolean any = current() != null;
        schemaOnlyCheck.setEnabled(any);
        query.setEnabled(any && !schemaOnlyCheck.getSelection());
        if (selection != null) {
            selection.setEnabled(any && !schemaOnlyCheck.getSelection());
        }
    }

    /** The sentence saying why a chosen dataset's filters make no replica, or null when none does. */
    String problem() {
        for (Dataset d : shown) {
            String text = objectIds.getOrDefault(d.name(), "");
            if (!text.isBlank()) {
                try {
                    if (!SelectionSet.parse(text).globalIds().isEmpty()) {
                        return NLS.bind(UiTexts.ServerReplica_objectIdsOnly, d.name());
                    }
                } catch (GeodatabaseException e) {
                    return NLS.bind(UiTexts.Selection_problem, d.name(), e.getMessage());
                }
            }
            String problem = ReplicaRules.datasetProblem(d, spec(d.name()));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The dataset's filters as the engine takes them (check {@link #problem()} first). */
    DatasetSpec spec(String name) {
        String q = queries.get(name);
        List<Long> oids;
        try {
            oids = SelectionSet.parse(objectIds.getOrDefault(name, "")).objectIds();
        } catch (GeodatabaseException e) {
            oids = List.of(); // refused by problem() first
        }
        return new DatasetSpec(name, q == null || q.isBlank() ? null : q.trim(), schemaOnly.contains(name), oids);
    }

    /** The definition query of a dataset, or null. */
    String query(String name) {
        return schemaOnly.contains(name) ? null : spec(name).where();
    }

    boolean schemaOnly(String name) {
        return schemaOnly.contains(name);
    }
}
