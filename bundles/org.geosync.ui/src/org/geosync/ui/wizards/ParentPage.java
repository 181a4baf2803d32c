package org.geosync.ui.wizards;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CheckboxTableViewer;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.ui.catalog.DatasetNode;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.internal.UiTexts;

/** Create Replica, page 1: the parent geodatabase and the datasets to replicate (at least one). */
final class ParentPage extends WizardPage {

    private final CreateReplicaWizard wizard;
    private final GeodatabaseLocation initial;
    private final List<GeodatabaseLocation> connections = new ArrayList<>();
    private Combo parentCombo;
    private CheckboxTableViewer datasets;
    private GeodatabaseReader reader;
    private GeodatabaseNode parent;
    private boolean reading;

    ParentPage(CreateReplicaWizard wizard, GeodatabaseLocation initial) {
        super("parent");
        this.wizard = wizard;
        this.initial = initial;
        setTitle(UiTexts.Create_parentTitle);
        setDescription(UiTexts.Create_parentDescription);
    }

    @Override
    public void createControl(Composite parentComposite) {
        Composite body = new Composite(parentComposite, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        new Label(body, SWT.NONE).setText(UiTexts.Create_parentLabel);
        parentCombo = new Combo(body, SWT.READ_ONLY);
        parentCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        connections.addAll(GeodatabaseConnections.getDefault().list());
        for (GeodatabaseLocation p : connections) {
            parentCombo.add(p.toString());
        }
        Label l = new Label(body, SWT.NONE);
        l.setText(UiTexts.Create_datasetsLabel);
        l.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false));
        datasets = CheckboxTableViewer.newCheckList(body, SWT.BORDER | SWT.V_SCROLL);
        GridData tall = new GridData(SWT.FILL, SWT.FILL, true, true);
        tall.heightHint = 180;
        tall.widthHint = 420;
        datasets.getTable().setLayoutData(tall);
        datasets.setContentProvider(ArrayContentProvider.getInstance());
        datasets.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return element instanceof DatasetNode d ? d.label() : String.valueOf(element);
            }
        });
        datasets.addCheckStateListener(e -> wizard.validateAll());
        new Label(body, SWT.NONE);
        Composite buttons = new Composite(body, SWT.NONE);
        buttons.setLayout(new GridLayout(2, true));
        Button all = new Button(buttons, SWT.PUSH);
        all.setText(UiTexts.Create_selectAll);
        all.addListener(SWT.Selection, e -> {
            datasets.setAllChecked(true);
            wizard.validateAll();
        });
        Button none = new Button(buttons, SWT.PUSH);
        none.setText(UiTexts.Create_deselectAll);
        none.addListener(SWT.Selection, e -> {
            datasets.setAllChecked(false);
            wizard.validateAll();
        });
        reader = new GeodatabaseReader(body);
        parentCombo.addListener(SWT.Selection, e -> readParent());
        setControl(body);
        int index = initial == null ? -1 : connections.indexOf(initial);
        if (index < 0 && connections.size() == 1) {
            index = 0;
        }
        if (index >= 0) {
            parentCombo.select(index);
            readParent();
        } else {
            validate();
        }
    }

    private void readParent() {
        int index = parentCombo.getSelectionIndex();
        if (index < 0) {
            return;
        }
        GeodatabaseLocation dir = connections.get(index);
        parent = null;
        reading = true;
        datasets.setInput(List.of());
        wizard.validateAll();
        reader.read(dir, node -> {
            reading = false;
            parent = node;
            datasets.setInput(node.datasets());
            datasets.setAllChecked(true);
            wizard.validateAll();
        });
    }

    /** Checks the page; the first problem is shown as the page's error. */
    void validate() {
        String problem = null;
        if (parentCombo.getSelectionIndex() < 0) {
            problem = connections.isEmpty() ? UiTexts.Create_connectFirst : UiTexts.Create_chooseParent;
        } else if (reading) {
            problem = NLS.bind(UiTexts.Create_readingDatasets, connections.get(parentCombo.getSelectionIndex()));
        } else if (parent != null && parent.problem() != null) {
            problem = parent.problem();
        } else if (parent != null && parent.datasets().isEmpty()) {
            problem = NLS.bind(UiTexts.Create_noDatasets, parent.name());
        } else if (checked().isEmpty()) {
            problem = UiTexts.Create_chooseDataset;
        }
        setErrorMessage(problem);
        setPageComplete(problem == null && parent != null);
    }

    /** The parent geodatabase as read, or null while reading. */
    GeodatabaseNode parent() {
        return parent;
    }

    /** The checked datasets, in the geodatabase's order. */
    List<DatasetNode> checked() {
        List<DatasetNode> out = new ArrayList<>();
        if (parent != null) {
            for (DatasetNode d : parent.datasets()) {
                if (datasets.getChecked(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    @Override
    public void dispose() {
        if (reader != null) {
            reader.cancel();
        }
        super.dispose();
    }
}
