package org.geosync.ui.wizards;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;
import org.geosync.ui.internal.DirectoryField;
import org.geosync.ui.internal.UiTexts;

/**
 * Registers a side-loaded copy of a child geodatabase as a replica of its own (the registration rules): pick the
 * parent and the copy, see which replica it came from, name it. Refusals are explained on the page.
 */
public class RegisterCopyWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = UiTexts.Register_title;

    private final CopyPage page;
    private Job job;

    public RegisterCopyWizard(GeodatabaseLocation initialParent) {
        setWindowTitle(TITLE);
        page = new CopyPage(initialParent);
    }

    @Override
    public void addPages() {
        addPage(page);
    }

    @Override
    public boolean performFinish() {
        page.validate();
        if (!page.isPageComplete()) {
            return false;
        }
        GeodatabaseLocation parentDir = page.parent.location();
        Path copyDir = page.copyDirectory();
        String name = page.name.getText().trim();
        job = Job.create(NLS.bind(UiTexts.Register_registering, copyDir.getFileName(), name), monitor -> {
            try (Geodatabase gdb = Geodatabase.open(parentDir)) {
                Replicas.register(gdb, copyDir, name);
            } catch (GeodatabaseException e) {
                return Failures.failed(NLS.bind(UiTexts.Register_failed, e.getMessage()), e);
            }
            GeodatabaseConnections.getDefault().add(copyDir);
            GeodatabaseConnections.getDefault().refresh();
            return Status.OK_STATUS;
        });
        job.setUser(true);
        GeodatabaseJobs.schedule(job);
        return true;
    }

    /** The job Finish started, or null. */
    public Job job() {
        return job;
    }

    /** The one page: parent, copy directory, what the copy is, and the new replica's name. */
    private static final class CopyPage extends WizardPage {

        private final GeodatabaseLocation initial;
        private final List<GeodatabaseLocation> connections = new ArrayList<>();
        private Combo parentCombo;
        private Text copy;
        private Text name;
        private Label origin;
        private GeodatabaseReader parentReader;
        private GeodatabaseReader copyReader;
        private GeodatabaseNode parent;
        private GeodatabaseNode copyNode;
        private Path copyRead;
        private boolean readingParent;

        CopyPage(GeodatabaseLocation initial) {
            super("copy");
            this.initial = initial;
            setTitle(UiTexts.Register_pageTitle);
            setDescription(UiTexts.Register_description);
        }

        @Override
        public void createControl(Composite parentComposite) {
            Composite body = new Composite(parentComposite, SWT.NONE);
            body.setLayout(new GridLayout(3, false));
            new Label(body, SWT.NONE).setText(UiTexts.Create_parentLabel);
            parentCombo = new Combo(body, SWT.READ_ONLY);
            parentCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            connections.addAll(GeodatabaseConnections.getDefault().list());
            connections.forEach(p -> parentCombo.add(p.toString()));
            copy = DirectoryField.create(body, UiTexts.Register_copyDirectory, UiTexts.Register_copyDialog);
            new Label(body, SWT.NONE).setText(UiTexts.Register_copyOf);
            origin = new Label(body, SWT.WRAP);
            origin.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            new Label(body, SWT.NONE).setText(UiTexts.Register_newName);
            name = new Text(body, SWT.BORDER);
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            parentReader = new GeodatabaseReader(body);
            copyReader = new GeodatabaseReader(body);
            parentCombo.addListener(SWT.Selection, e -> readParent());
            copy.addModifyListener(e -> validate());
            name.addModifyListener(e -> validate());
            setControl(body);
            int index = initial == null ? -1 : connections.indexOf(initial);
            if (index >= 0) {
                parentCombo.select(index);
                readParent();
            } else {
                validate();
            }
        }

        private void readParent() {
            int index = parentCombo.getSelectionIndex();
            parent = null;
            readingParent = true;
            validate();
            parentReader.read(connections.get(index), node -> {
                readingParent = false;
                parent = node;
                validate();
            });
        }

        Path copyDirectory() {
            return Path.of(copy.getText().trim()).toAbsolutePath().normalize();
        }

        void validate() {
            String problem = problem();
            setErrorMessage(problem);
            setPageComplete(problem == null);
        }

        private String problem() {
            origin.setText("");
            if (parentCombo.getSelectionIndex() < 0) {
                return UiTexts.Register_chooseParent;
            }
            if (readingParent || parent == null) {
                return NLS.bind(UiTexts.Map_readingDataset, connections.get(parentCombo.getSelectionIndex()));
            }
            if (parent.problem() != null) {
                return parent.problem();
            }
            String text = copy.getText().trim();
            if (text.isEmpty()) {
                return UiTexts.Register_enterCopy;
            }
            Path dir;
            try {
                dir = Path.of(text);
            } catch (InvalidPathException e) {
                return NLS.bind(UiTexts.Sync_invalidDirectory, text);
            }
            if (!dir.isAbsolute()) {
                return UiTexts.Location_absolute;
            }
            if (!Files.isRegularFile(dir.resolve("service.properties"))) {
                return NLS.bind(UiTexts.Location_notGeodatabase, dir);
            }
            dir = dir.toAbsolutePath().normalize();
            if (GeodatabaseLocation.of(dir).equals(parent.location())) {
                return UiTexts.Register_copyIsParent;
            }
            if (!dir.equals(copyRead)) {
                copyRead = dir;
                copyNode = null;
                copyReader.read(GeodatabaseLocation.of(dir), node -> {
                    copyNode = node;
                    validate();
                });
            }
            if (copyNode == null) {
                return NLS.bind(UiTexts.Map_readingDataset, dir);
            }
            if (copyNode.problem() != null) {
                return copyNode.problem();
            }
            if (parent.guid().equals(copyNode.guid())) {
                return NLS.bind(UiTexts.Register_isParent, dir);
            }
            List<Replica> children = copyNode.replicas().stream().map(ReplicaNode::replica)
                    .filter(r -> r.getRole() == ReplicaRole.CHILD && parent.guid().equals(r.getRelativeReplicaGuid())).toList();
            if (children.isEmpty()) {
                return NLS.bind(UiTexts.Register_notACopy, dir, parent.name());
            }
            if (children.size() > 1) {
                return NLS.bind(UiTexts.Register_several, dir, parent.name());
            }
            Replica original = children.get(0);
            origin.setText(NLS.bind(UiTexts.Register_origin,
                    new Object[] { original.getName(), ReplicaNode.typeText(original), original.getGuid() }));
            if (original.isUnregistered()) {
                return NLS.bind(UiTexts.Register_unregistered, original.getName());
            }
            if (parent.replicas().stream().noneMatch(r -> r.replica().getGuid().equals(original.getGuid()))) {
                return NLS.bind(UiTexts.Register_noReplica, parent.name(), original.getName());
            }
            for (ReplicaNode r : parent.replicas()) {
                if (dir.toString().equals(r.replica().getRelativeReplicaLocation())) {
                    return NLS.bind(UiTexts.Register_alreadyRegistered, dir, r.replica().getName());
                }
            }
            String n = name.getText().trim();
            if (n.isEmpty()) {
                return UiTexts.Register_enterName;
            }
            if (ReplicaSpec.nameProblem(n) != null) {
                return ReplicaSpec.nameProblem(n);
            }
            for (ReplicaNode r : parent.replicas()) {
                if (r.replica().getName().equalsIgnoreCase(n)) {
                    return NLS.bind(UiTexts.Create_nameTaken, r.replica().getName(), parent.name());
                }
            }
            return null;
        }

        @Override
        public void dispose() {
            if (parentReader != null) {
                parentReader.cancel();
                copyReader.cancel();
            }
            super.dispose();
        }
    }
}
