package org.geosync.ui.schema;

import java.nio.file.Path;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbenchWindow;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Schemas;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseJob;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.internal.UiTexts;
import org.geosync.ui.messages.FileField;
import org.geosync.ui.messages.ReplicaChooser;
import org.geosync.ui.preferences.GeoSyncPreferences;

/**
 * Export Replica Schema: a replica's datasets and fields written to an XML file ({@code geosync replica schema-export}), for a
 * relative that cannot be reached or a schema kept as a reference; Compare Replica Schema reads it. Finish writes it in a job.
 */
public class ExportReplicaSchemaWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Schema_exportTitle;

    private final IWorkbenchWindow window;
    private final Page page;
    private Job job;

    public ExportReplicaSchemaWizard(IWorkbenchWindow window, GeodatabaseLocation geodatabase, String replica) {
        this.window = window;
        setWindowTitle(TITLE);
        page = new Page(geodatabase, replica);
    }

    @Override
    public void addPages() {
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        if (!page.isPageComplete()) {
            return false;
        }
        Path file = page.file.path();
        String replica = page.chooser.replica().getName();
        job = new GeodatabaseJob<String>(NLS.bind(UiTexts.Schema_exportingJob, replica), page.chooser.geodatabase(),
                (gdb, monitor) -> NLS.bind(UiTexts.Schema_exported, new Object[] { replica, Schemas.exportReplicaSchema(gdb, replica, file), file }),
                done -> done).showingDialogs(window, TITLE, true);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }

    /** The geodatabase, the replica and the file to write (an existing one only when asked). */
    private static final class Page extends WizardPage {
        private final GeodatabaseLocation preselected;
        private final String preselectedReplica;
        private ReplicaChooser chooser;
        private FileField file;
        private Button overwrite;
        private String proposed;
        private boolean ready;

        Page(GeodatabaseLocation preselected, String preselectedReplica) {
            super("exportSchema");
            this.preselected = preselected;
            this.preselectedReplica = preselectedReplica;
            setTitle(TITLE);
            setDescription(UiTexts.Schema_exportDescription);
            setPageComplete(false);
        }

        @Override
        public void createControl(Composite parent) {
            Composite body = new Composite(parent, SWT.NONE);
            body.setLayout(new GridLayout(3, false));
            chooser = new ReplicaChooser(body, true, preselected, preselectedReplica, this::changed);
            file = new FileField(body, UiTexts.Schema_fileLabel, true, new String[] { "*.xml", "*" }, this::validate);
            new Label(body, SWT.NONE);
            overwrite = new Button(body, SWT.CHECK);
            overwrite.setText(UiTexts.Msg_overwrite);
            overwrite.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            overwrite.addListener(SWT.Selection, e -> validate());
            setControl(body);
            ready = true;
            changed();
        }

        /** A file name the administrator did not type follows the replica. */
        private void changed() {
            if (!ready) {
                return;
            }
            Replica r = chooser.replica();
            String now = file.path() == null ? "" : file.path().toString();
            if (r != null && (now.isEmpty() || now.equals(proposed))) {
                proposed = GeoSyncPreferences.geodatabaseHome().resolve(r.getName() + "-schema.xml").toAbsolutePath().normalize().toString();
                file.setText(proposed);
            }
            validate();
        }

        private void validate() {
            if (!ready) {
                return;
            }
            String problem = chooser.problem();
            if (problem == null) {
                problem = file.outputProblem(UiTexts.Schema_whatFile, overwrite.getSelection());
            }
            if (problem != null && problem.endsWith("...")) {
                setErrorMessage(null);
                setMessage(problem, IMessageProvider.INFORMATION);
            } else {
                setErrorMessage(problem);
                setMessage(null);
            }
            setPageComplete(problem == null);
        }
    }
}
