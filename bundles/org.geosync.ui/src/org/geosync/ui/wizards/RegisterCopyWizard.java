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
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.ReplicaSpec;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
import org.geosync.model.ReplicaRole;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.GeodatabaseNode;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.Failures;

/**
 * Registers a side-loaded copy of a child geodatabase as a replica of its own (the registration rules): pick the
 * parent and the copy, see which replica it came from, name it. Refusals are explained on the page.
 */
public class RegisterCopyWizard extends Wizard {

    /** The wizard's window title. */
    public static final String TITLE = "Register Copy";

    private final CopyPage page;
    private Job job;

    public RegisterCopyWizard(Path initialParent) {
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
        Path parentDir = page.parent.directory();
        Path copyDir = page.copyDirectory();
        String name = page.name.getText().trim();
        job = Job.create("Registering copy " + copyDir.getFileName() + " as replica " + name, monitor -> {
            try (Geodatabase gdb = Geodatabase.open(parentDir)) {
                Replicas.register(gdb, copyDir, name);
            } catch (GeodatabaseException e) {
                return Failures.failed("The copy was not registered: " + e.getMessage(), e);
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

        private final Path initial;
        private final List<Path> connections = new ArrayList<>();
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

        CopyPage(Path initial) {
            super("copy");
            this.initial = initial;
            setTitle("Register a Side-Loaded Copy");
            setDescription("A copy of a child geodatabase (copied with its files) becomes a replica of its own.");
        }

        @Override
        public void createControl(Composite parentComposite) {
            Composite body = new Composite(parentComposite, SWT.NONE);
            body.setLayout(new GridLayout(3, false));
            new Label(body, SWT.NONE).setText("Parent geodatabase:");
            parentCombo = new Combo(body, SWT.READ_ONLY);
            parentCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            connections.addAll(GeodatabaseConnections.getDefault().list());
            connections.forEach(p -> parentCombo.add(p.toString()));
            new Label(body, SWT.NONE).setText("Copy directory:");
            copy = new Text(body, SWT.BORDER);
            GridData wide = new GridData(SWT.FILL, SWT.CENTER, true, false);
            wide.widthHint = 380;
            copy.setLayoutData(wide);
            Button browse = new Button(body, SWT.PUSH);
            browse.setText("Browse...");
            browse.addListener(SWT.Selection, e -> {
                DirectoryDialog d = new DirectoryDialog(getShell());
                d.setText("Copy of a Child Geodatabase");
                String chosen = d.open();
                if (chosen != null) {
                    copy.setText(chosen);
                }
            });
            new Label(body, SWT.NONE).setText("Copy of:");
            origin = new Label(body, SWT.WRAP);
            origin.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            new Label(body, SWT.NONE).setText("New replica name:");
            name = new Text(body, SWT.BORDER);
            name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            parentReader = new GeodatabaseReader(body);
            copyReader = new GeodatabaseReader(body);
            parentCombo.addListener(SWT.Selection, e -> readParent());
            copy.addModifyListener(e -> validate());
            name.addModifyListener(e -> validate());
            setControl(body);
            int index = initial == null ? -1 : connections.indexOf(initial.toAbsolutePath().normalize());
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
                return "Choose the parent geodatabase the copied child belongs to.";
            }
            if (readingParent || parent == null) {
                return "Reading " + connections.get(parentCombo.getSelectionIndex()) + "...";
            }
            if (parent.problem() != null) {
                return parent.problem();
            }
            String text = copy.getText().trim();
            if (text.isEmpty()) {
                return "Enter the directory of the copy of a child geodatabase.";
            }
            Path dir;
            try {
                dir = Path.of(text);
            } catch (InvalidPathException e) {
                return "'" + text + "' is not a valid directory name.";
            }
            if (!dir.isAbsolute()) {
                return "Enter an absolute directory path.";
            }
            if (!Files.isRegularFile(dir.resolve("service.properties"))) {
                return dir + " is not a geodatabase.";
            }
            dir = dir.toAbsolutePath().normalize();
            if (dir.equals(parent.directory())) {
                return "The copy cannot be the parent geodatabase itself.";
            }
            if (!dir.equals(copyRead)) {
                copyRead = dir;
                copyNode = null;
                copyReader.read(dir, node -> {
                    copyNode = node;
                    validate();
                });
            }
            if (copyNode == null) {
                return "Reading " + dir + "...";
            }
            if (copyNode.problem() != null) {
                return copyNode.problem();
            }
            if (parent.guid().equals(copyNode.guid())) {
                return dir + " is the parent geodatabase itself (or a copy of it), not a copy of one of its replicas.";
            }
            List<Replica> children = copyNode.replicas().stream().map(ReplicaNode::replica)
                    .filter(r -> r.getRole() == ReplicaRole.CHILD && parent.guid().equals(r.getRelativeReplicaGuid())).toList();
            if (children.isEmpty()) {
                return dir + " is not a copy of a replica of " + parent.name() + ": it holds no child replica of that geodatabase.";
            }
            if (children.size() > 1) {
                return dir + " holds several replicas of " + parent.name() + "; register a copy of one child geodatabase.";
            }
            Replica original = children.get(0);
            origin.setText("replica " + original.getName() + " (" + ReplicaNode.typeText(original) + ", GUID " + original.getGuid() + ")");
            if (original.isUnregistered()) {
                return "Replica " + original.getName() + " was unregistered; an unregistered replica and copies of it can never be"
                        + " registered again: create a new replica instead.";
            }
            if (parent.replicas().stream().noneMatch(r -> r.replica().getGuid().equals(original.getGuid()))) {
                return parent.name() + " has no replica " + original.getName() + " (it was unregistered there), so it cannot register a copy of it.";
            }
            for (ReplicaNode r : parent.replicas()) {
                if (dir.toString().equals(r.replica().getRelativeReplicaLocation())) {
                    return dir + " is already registered: it is the child geodatabase of replica " + r.replica().getName() + ".";
                }
            }
            String n = name.getText().trim();
            if (n.isEmpty()) {
                return "Enter a name for the new replica.";
            }
            if (ReplicaSpec.nameProblem(n) != null) {
                return ReplicaSpec.nameProblem(n);
            }
            for (ReplicaNode r : parent.replicas()) {
                if (r.replica().getName().equalsIgnoreCase(n)) {
                    return "A replica named " + r.replica().getName() + " already exists in " + parent.name() + "; choose another name.";
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
