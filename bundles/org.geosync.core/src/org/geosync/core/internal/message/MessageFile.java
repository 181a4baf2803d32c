package org.geosync.core.internal.message;

/**
 * The layout of a message file (docs/sync-semantics.md, "Message files"): one zip archive a person can carry on a USB stick.
 * <ul>
 * <li>{@code header.xmi}: XMI of a model {@link org.geosync.model.GeodatabaseSchema} — the sender geodatabase (its GUID), the
 * schema of the datasets carried, and one {@link org.geosync.model.Replica} (replica GUID and name, the
 * receiver's geodatabase GUID as relative, the datasets with their generations, the state after export:
 * {@code receiver} means "switch to receiver", so the importer becomes the sender) holding one
 * {@link org.geosync.model.MessageRecord} with the kind and generation range;</li>
 * <li>{@code changes/DATASET.bin}: the change records of one dataset, written with a
 * {@link java.io.DataOutputStream} one record at a time (see {@link MessageWriter.RecordWriter});</li>
 * <li>{@code manifest}: the SHA-256 and size of every entry above and the schema fingerprint of every
 * dataset;</li>
 * <li>{@code hmac}: HMAC-SHA256 of the manifest keyed by the secret the replica pair agreed at creation.</li>
 * </ul>
 * This class only names what the writer and the reader share: the entries, the manifest's first line and the change
 * entry's magic number. {@link MessageWriter} writes a message, {@link MessageReader} checks and reads one,
 * {@link MessageValues} encodes a row's values and {@link MessageDigests} computes the digests and the HMAC; what goes into
 * a message and what importing it does is {@link MessageExport}, {@link Acknowledgments} and {@link MessageImport}.
 */
final class MessageFile {

    static final String HEADER = "header.xmi";
    static final String MANIFEST = "manifest";
    static final String HMAC = "hmac";
    static final String CHANGES = "changes/";
    static final String BIN = ".bin";
    /** The first line of the manifest: the version of the layout. */
    static final String MANIFEST_FIRST_LINE = "geosync-message 1";
    /** The first four bytes of a change entry. */
    static final int MAGIC = 0x47534331; // "GSC1"

    private MessageFile() {
    }
}
