package org.geosync.ui.messages;

import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.geosync.core.Geodatabase;
import org.geosync.core.GeodatabaseException;
import org.geosync.core.GeodatabaseLocation;
import org.geosync.core.Replicas;
import org.geosync.model.Replica;
import org.geosync.ui.catalog.GeodatabaseConnections;
import org.geosync.ui.catalog.GeodatabaseJobs;
import org.geosync.ui.catalog.ReplicaNode;
import org.geosync.ui.internal.UiTexts;

/**
 * A geodatabase of the Catalog and (optionally) one of its replicas, for the message and replica schema wizards' pages; the
 * replicas are read in a job under {@link GeodatabaseJobs#RULE}. Lays itself out in a three-column grid.
 */
public final class ReplicaChooser {

    /** What reading a geodatabase's replicas found. */
    private record Loaded(GeodatabaseLocation location, String guid, List<Replica> replicas, String problem) {
    }

    private final Combo geodatabaseCombo;
    private final Combo replicaCombo;
    private final Runnable changed;
    private final String preselectedReplica;
    private List<GeodatabaseLocation> geodatabases = List.of();
    private Loaded loaded;
    private boolean loading;

    /**
     * {@code withReplica}: whether the administrator chooses a replica too (the Import Message page reads it
     * from the message instead). {@code changed} runs on the UI thread after every change.
     */
    public ReplicaChooser(Composite parent, boolean withReplica, GeodatabaseLocation preselected, String preselectedReplica, Runnable changed) {
        this.changed = changed;
        this.preselectedReplica = preselectedReplica;
        new Label(parent, SWT.NONE).setText(UiTexts.Sync_geodatabaseLabel);
        geodatabaseCombo = new Combo(parent, SWT.READ_ONLY);
        geodatabaseCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        if (withReplica) {
            new Label(parent, SWT.NONE).setText(UiTexts.Sync_replicaLabel);
            replicaCombo = new Combo(parent, SWT.READ_ONLY);
            replicaCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
            replicaCombo.addListener(SWT.Selection, e -> changed.run());
        } else {
            replicaCombo = null;
        }
        geodatabases = GeodatabaseConnections.getDefault().list();
        geodatabases.forEach(p -> geodatabaseCombo.add(p.toString()));
        geodatabaseCombo.addListener(SWT.Selection, e -> load());
        int index = preselected == null ? -1 : geodatabases.indexOf(preselected);
        if (index < 0 && geodatabases.size() == 1) {
            index = 0;
        }
        if (index >= 0) {
            geodatabaseCombo.select(index);
            load();
        }
    }

    /** The chosen geodatabase, or null. */
    public GeodatabaseLocation geodatabase() {
        int i = geodatabaseCombo.getSelectionIndex();
        return i < 0 ? null : geodatabases.get(i);
    }

    /** The chosen replica as the chosen geodatabase records it, or null. */
    public Replica replica() {
        int i = replicaCombo == null ? -1 : replicaCombo.getSelectionIndex();
        return loaded == null || i < 0 ? null : loaded.replicas().get(i);
    }

    /** The replicas of the chosen geodatabase (empty while reading). */
    public List<Replica> replicas() {
        return loaded == null || loading ? List.of() : loaded.replicas();
    }

    /** Why nothing usable is chosen yet, or null; a text ending in "..." means: wait, reading. */
    public String problem() {
        if (geodatabases.isEmpty()) {
            return UiTexts.Sync_noGeodatabase;
        }
        if (geodatabase() == null) {
            return UiTexts.Msg_chooseGeodatabase;
        }
        if (loading || loaded == null) {
            return NLS.bind(UiTexts.Sync_readingReplicas, geodatabase());
        }
        if (loaded.problem() != null) {
            return loaded.problem();
        }
        if (loaded.replicas().isEmpty()) {
            return NLS.bind(UiTexts.Sync_noReplicas, geodatabase());
        }
        if (replicaCombo != null && replica() == null) {
            return UiTexts.Msg_chooseReplica;
        }
        return null;
    }

    /** Reads the chosen geodatabase's replicas again (after a job changed them). */
    public void load() {
        GeodatabaseLocation dir = geodatabase();
        if (dir == null) {
            return;
        }
        String keep = replica() != null ? replica().getName() : preselectedReplica;
        loading = true;
        if (replicaCombo != null) {
            replicaCombo.removeAll();
        }
        changed.run();
        Job job = Job.create(NLS.bind(UiTexts.Sync_readingReplicasJob, dir), monitor -> {
            Loaded found;
            try (Geodatabase gdb = Geodatabase.open(dir)) {
                found = new Loaded(dir, gdb.guid(), Replicas.list(gdb).stream().filter(r -> !r.isUnregistered()).toList(), null);
            } catch (GeodatabaseException e) {
                found = new Loaded(dir, null, List.of(), e.getMessage());
            }
            Loaded result = found;
            if (!geodatabaseCombo.isDisposed()) {
                geodatabaseCombo.getDisplay().asyncExec(() -> shown(result, keep));
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        GeodatabaseJobs.schedule(job);
    }

    private void shown(Loaded result, String keep) {
        if (geodatabaseCombo.isDisposed() || !result.location().equals(geodatabase())) {
            return; // closed, or the administrator chose another geodatabase meanwhile
        }
        loading = false;
        loaded = result;
        if (replicaCombo != null) {
            int select = result.replicas().size() == 1 ? 0 : -1;
            for (int i = 0; i < result.replicas().size(); i++) {
                Replica r = result.replicas().get(i);
                replicaCombo.add(NLS.bind(r.isInConflict() ? UiTexts.Msg_replicaItemInConflict : UiTexts.Msg_replicaItem,
                        new Object[] { r.getName(), ReplicaNode.typeText(r), r.getRole().getLiteral(), r.getState().getLiteral() }));
                if (r.getName().equals(keep)) {
                    select = i;
                }
            }
            if (select >= 0) {
                replicaCombo.select(select);
            }
        }
        changed.run();
    }
}
