package org.geosync.ui.schema;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.Locations;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.messages.FileField;
import org.geosync.ui.messages.ReplicaChooser;

/**
 * Compare Replica Schema, page 1: this side (a geodatabase of the Catalog and one of its replicas) and the other side: another
 * geodatabase of the Catalog (the replica's relative, proposed when connected) or a schema file exported with Export Replica
 * Schema.
 */
final class SidesPage extends WizardPage {

    /** What the page chose, for the comparison. */
    record Sides(GeodatabaseLocation here, Replica replica, GeodatabaseLocation otherGeodatabase, Path file) {
    }

    private final CompareReplicaSchemaWizard wizard;
    private final GeodatabaseLocation preselected;
    private final String preselectedReplica;
    private ReplicaChooser chooser;
    private Button geodatabaseRadio;
    private Combo otherCombo;
    private Button fileRadio;
    private FileField file;
    private List<GeodatabaseLocation> connections = List.of();
    private boolean otherTouched;
    private boolean ready;

    SidesPage(CompareReplicaSchemaWizard wizard, GeodatabaseLocation preselected, String preselectedReplica) {
        super("sides");
        this.wizard = wizard;
        this.preselected = preselected;
        this.preselectedReplica = preselectedReplica;
        setTitle(UiTexts.Schema_sidesTitle);
        setDescription(UiTexts.Schema_sidesDescription);
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite body = new Composite(parent, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        Label thisSide = new Label(body, SWT.NONE);
        thisSide.setText(UiTexts.Schema_thisSide);
        thisSide.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        chooser = new ReplicaChooser(body, true, preselected, preselectedReplica, this::changed);

        Group other = new Group(body, SWT.NONE);
        other.setText(UiTexts.Schema_otherSide);
        other.setLayout(new GridLayout(3, false));
        other.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        geodatabaseRadio = new Button(other, SWT.RADIO);
        geodatabaseRadio.setText(UiTexts.Schema_otherGeodatabaseChoice);
        geodatabaseRadio.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        geodatabaseRadio.setSelection(true);
        new Label(other, SWT.NONE).setText(UiTexts.Schema_otherGeodatabase);
        otherCombo = new Combo(other, SWT.READ_ONLY);
        otherCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        connections = GeodatabaseConnections.getDefault().list();
        connections.forEach(p -> otherCombo.add(p.toString()));
        otherCombo.addListener(SWT.Selection, e -> {
            otherTouched = true;
            validate();
        });
        fileRadio = new Button(other, SWT.RADIO);
        fileRadio.setText(UiTexts.Schema_fileChoice);
        fileRadio.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        file = new FileField(other, UiTexts.Schema_fileLabel, false, new String[] { "*.xml", "*" }, this::validate);
        geodatabaseRadio.addListener(SWT.Selection, e -> validate());
        fileRadio.addListener(SWT.Selection, e -> validate());
        setControl(body);
        ready = true;
        changed();
    }

    /** The geodatabase or replica of this side changed: the replica's relative is proposed as the other side. */
    private void changed() {
        if (!ready) {
            return;
        }
        Replica r = chooser.replica();
        if (r != null && !otherTouched && r.getRelativeReplicaLocation() != null) {
            // a location that is not among the connections (written on another machine): the administrator chooses
            int i = connections.indexOf(Locations.parseOrNull(r.getRelativeReplicaLocation()));
            if (i >= 0) {
                otherCombo.select(i);
            }
        }
        validate();
    }

    /** Whether the other side is a geodatabase (else a schema file). */
    boolean otherIsGeodatabase() {
        return geodatabaseRadio.getSelection();
    }

    private GeodatabaseLocation otherGeodatabase() {
        int i = otherCombo.getSelectionIndex();
        return i < 0 ? null : connections.get(i);
    }

    void validate() {
        if (!ready || otherCombo.isDisposed()) {
            return;
        }
        boolean geodatabase = otherIsGeodatabase();
        otherCombo.setEnabled(geodatabase);
        file.setEnabled(!geodatabase);
        String problem = chooser.problem();
        if (problem == null) {
            if (geodatabase) {
                GeodatabaseLocation other = otherGeodatabase();
                if (other == null) {
                    problem = UiTexts.Schema_chooseOther;
                } else if (other.equals(chooser.geodatabase())) {
                    problem = NLS.bind(UiTexts.Schema_sameGeodatabase, other);
                }
            } else {
                problem = file.inputProblem(UiTexts.Schema_whatFile);
            }
        }
        if (problem != null && problem.endsWith("...")) {
            setErrorMessage(null);
            setMessage(problem, IMessageProvider.INFORMATION);
        } else {
            setErrorMessage(problem);
            setMessage(null);
        }
        setPageComplete(problem == null);
        wizard.sidesChanged();
    }

    /** What the page chose; call only when it is complete. */
    Sides sides() {
        boolean geodatabase = otherIsGeodatabase();
        return new Sides(chooser.geodatabase(), chooser.replica(), geodatabase ? otherGeodatabase() : null, geodatabase ? null : file.path());
    }
}
