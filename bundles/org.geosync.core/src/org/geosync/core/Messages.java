package org.geosync.core;

import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.geosync.core.internal.message.Acknowledgments;
import org.geosync.core.internal.message.MessageExport;
import org.geosync.core.internal.message.MessageImport;
import org.geosync.model.ConflictDefinition;

/**
 * Disconnected synchronization (the message rules): replicas with no connection between them exchange
 * message files. A sender exports data change messages; the relative imports them (in one transaction,
 * through the same apply and reconcile code as connected synchronization) and answers with an
 * acknowledgment message, whose import tells the sender which changes need not be sent again.
 * <p>
 * A message file is one zip archive with an XMI header, the change records of each dataset, a manifest of
 * SHA-256 checksums and an HMAC keyed by the secret the replica pair agreed at creation; anything
 * truncated, damaged, forged, replayed, mis-addressed or from another geodatabase is refused before
 * anything is applied. Every export and import is recorded in the replica's message history.
 */
public final class Messages {

    private Messages() {
    }

    /** Which changes a data change message carries. */
    public enum Content {
        /** New changes (made since the last export) and unacknowledged ones (exported before, not acknowledged): the default. */
        NEW_AND_UNACKNOWLEDGED,
        /** Only the changes made since the last export. */
        NEW_ONLY,
        /** Only the changes exported before and not acknowledged yet (as a re-export). */
        UNACKNOWLEDGED_ONLY
    }


    /**
     * How a data change message is exported: which changes, and whether this side switches to receiver
     * (two-way replicas only; the importer then becomes the sender).
     */
    public record ExportOptions(Content content, boolean switchToReceiver) {

        /** New and unacknowledged changes, no switch. */
        public static ExportOptions defaults() {
            return new ExportOptions(Content.NEW_AND_UNACKNOWLEDGED, false);
        }

        public ExportOptions withContent(Content c) {
            return new ExportOptions(c, switchToReceiver);
        }

        public ExportOptions withSwitchToReceiver(boolean on) {
            return new ExportOptions(content, on);
        }
    }

    /**
     * How a data change message is imported: who wins a conflict ({@link SyncOptions.Winner}, the importing geodatabase being
     * the first: {@code FIRST} favours this database, {@code SECOND} the imported changes, {@code MANUAL} stores the conflicts
     * for review; null takes the replica's default, {@link SyncOptions#defaultWinner}), the conflict definition (null: the
     * replica's), an acknowledgment file to write in the same step (null: none), and, for checkouts, whether to reconcile with
     * the parent version (GeoSync applies imported changes directly to the replica's data, so that needs nothing more).
     */
    public record ImportOptions(SyncOptions.Winner policy, ConflictDefinition conflicts, Path acknowledgment, boolean reconcileWithParent) {

        /** The replica's defaults, no acknowledgment. */
        public static ImportOptions defaults() {
            return new ImportOptions(null, null, null, false);
        }

        public ImportOptions withPolicy(SyncOptions.Winner p) {
            return new ImportOptions(p, conflicts, acknowledgment, reconcileWithParent);
        }

        public ImportOptions withConflicts(ConflictDefinition c) {
            return new ImportOptions(policy, c, acknowledgment, reconcileWithParent);
        }

        public ImportOptions withAcknowledgment(Path file) {
            return new ImportOptions(policy, conflicts, file, reconcileWithParent);
        }

        public ImportOptions withReconcileWithParent(boolean on) {
            return new ImportOptions(policy, conflicts, acknowledgment, on);
        }
    }

    /**
     * Exports a data change message of replica {@code replica} to {@code file}. Unless only unacknowledged
     * changes are asked for, this closes the current generation (later edits are new) and records it as
     * sent. Refused for a replica in conflict, a receiver, or a side whose replica type does not send.
     */
    public static MessageResult exportChanges(Geodatabase gdb, String replica, Path file, ExportOptions options, IProgressMonitor monitor)
            throws GeodatabaseException {
        ExportOptions o = options == null ? ExportOptions.defaults() : options;
        return MessageExport.exportChanges(gdb, replica, file, o.content() == null ? Content.NEW_AND_UNACKNOWLEDGED : o.content(),
                o.switchToReceiver(), false, monitor);
    }

    /**
     * Re-exports the unacknowledged changes of replica {@code replica} (all of them, or only those of the
     * most recent export) as they were sent: never edits made since. Not available for checkouts (export
     * again instead).
     */
    public static MessageResult reexport(Geodatabase gdb, String replica, Path file, boolean latestOnly, IProgressMonitor monitor)
            throws GeodatabaseException {
        return MessageExport.reexport(gdb, replica, file, latestOnly, monitor);
    }

    /** Exports an acknowledgment of every data change message replica {@code replica} has received so far. */
    public static MessageResult exportAcknowledgment(Geodatabase gdb, String replica, Path file, IProgressMonitor monitor)
            throws GeodatabaseException {
        return Acknowledgments.exportAcknowledgment(gdb, replica, file, monitor);
    }

    /**
     * Imports a message file (data changes or an acknowledgment, told apart by its header). Data changes
     * are applied in one transaction: all or nothing. Exactly the next generation range is accepted; an old
     * message is refused as already imported and a gap names the missing generation.
     */
    public static MessageResult importMessage(Geodatabase gdb, Path file, ImportOptions options, IProgressMonitor monitor)
            throws GeodatabaseException {
        return MessageImport.importMessage(gdb, file, options == null ? ImportOptions.defaults() : options, monitor);
    }

    /**
     * Reads the header of a message file without applying anything: what it carries and for which replica.
     * The file's authenticity is checked only on import (it needs the replica pair's key); a file that is
     * not a GeoSync message, or is truncated, is refused here already.
     */
    public static MessageHeader readHeader(Path file) throws GeodatabaseException {
        return MessageImport.readHeader(file);
    }
}
