package org.geosync.core.internal.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.geosync.core.GeodatabaseException;
import org.geosync.model.Conflict;
import org.geosync.model.ConflictStatus;
import org.geosync.model.Replica;
import org.geosync.model.util.Generations;
import org.geosync.model.util.GeosyncXmi;

/**
 * Keeps replica metadata (the EMF {@link Replica}, as XMI), conflicts, message keys and the GUIDs of
 * unregistered replicas in system tables of the geodatabase, so they change in the same transaction as
 * the data they describe: an import that rolls back rolls its metadata back too.
 */
public final class ReplicaStore {

    private final Connection c;

    public ReplicaStore(Connection c) {
        this.c = c;
    }

    /** Creates the replica system tables, with column types in {@code dialect}'s words. */
    static void install(Connection c, SqlDialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE GDB_REPLICAS (NAME VARCHAR(128) NOT NULL PRIMARY KEY, GUID CHAR(36) NOT NULL UNIQUE,"
                    + " XMI " + dialect.clobType() + " NOT NULL)");
            s.executeUpdate("CREATE TABLE GDB_CONFLICTS (ID BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL PRIMARY KEY,"
                    + " REPLICA_GUID CHAR(36) NOT NULL, DATASET VARCHAR(128) NOT NULL, GLOBALID CHAR(36) NOT NULL,"
                    + " KIND VARCHAR(16) NOT NULL, STATUS VARCHAR(16) NOT NULL, XMI " + dialect.clobType() + " NOT NULL)");
            s.executeUpdate("CREATE INDEX GDB_CONFLICTS_R ON GDB_CONFLICTS (REPLICA_GUID, STATUS, DATASET)");
            s.executeUpdate("CREATE TABLE GDB_KEYS (REF VARCHAR(140) NOT NULL PRIMARY KEY, SECRET VARCHAR(128) NOT NULL)");
            s.executeUpdate("CREATE TABLE GDB_UNREGISTERED (GUID CHAR(36) NOT NULL PRIMARY KEY, NAME VARCHAR(128) NOT NULL,"
                    + " UNREGISTERED TIMESTAMP NOT NULL)");
        }
        installAdded(c, dialect);
    }

    /**
     * Creates the replica system tables added since the storage layout's version was introduced, where missing; called on
     * every open. GDB_HOLDER names the directory where this geodatabase holds its replicas (see {@link #location}); GDB_PRUNED
     * the generation up to which its change log and kept images were forgotten (see {@link #pruned}). A geodatabase made
     * before GDB_PRUNED may have forgotten anything up to its last generation but one, except what its change log still holds.
     */
    static void installAdded(Connection c, SqlDialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (!tableExists(c, "GDB_HOLDER")) {
                s.executeUpdate("CREATE TABLE GDB_HOLDER (LOCATION VARCHAR(4000) NOT NULL)");
            }
            if (!tableExists(c, "GDB_JUDGE_FLOOR")) {
                s.executeUpdate("CREATE TABLE GDB_JUDGE_FLOOR (REPLICA_GUID VARCHAR(36) NOT NULL PRIMARY KEY, GENERATION BIGINT NOT NULL)");
            }
            if (!tableExists(c, "GDB_COPY_POINT")) {
                s.executeUpdate("CREATE TABLE GDB_COPY_POINT (LOCATION VARCHAR(4000) NOT NULL, GENERATION BIGINT NOT NULL)");
            }
            if (!tableExists(c, "GDB_COPY_ORIGIN")) {
                // REGISTERED_IN: this side's generation when the copy registered (see sync.Peers); null for a registration kept
                // before it was recorded
                s.executeUpdate("CREATE TABLE GDB_COPY_ORIGIN (REPLICA_GUID VARCHAR(36) NOT NULL PRIMARY KEY,"
                        + " ORIGINAL_GUID VARCHAR(36) NOT NULL, SHARED_UP_TO BIGINT NOT NULL, REGISTERED_IN BIGINT)");
            } else if (!columnExists(c, "GDB_COPY_ORIGIN", "REGISTERED_IN")) {
                s.executeUpdate("ALTER TABLE GDB_COPY_ORIGIN ADD COLUMN REGISTERED_IN BIGINT");
            }
            if (!tableExists(c, "GDB_DECIDED")) {
                // the relative's values of the fields a conflict decided against, with the relative and the generation of the
                // decision (see sync.RowStore#decided)
                s.executeUpdate("CREATE TABLE GDB_DECIDED (DATASET VARCHAR(128) NOT NULL, GLOBALID CHAR(36) NOT NULL,"
                        + " GENERATION BIGINT NOT NULL, SOURCE CHAR(36) NOT NULL, FIELD VARCHAR(128) NOT NULL, VAL " + dialect.blobType() + ")");
                s.executeUpdate("CREATE INDEX GDB_DECIDED_ROW ON GDB_DECIDED (DATASET, GLOBALID)");
            }
            if (!tableExists(c, "GDB_OUTSIDE")) {
                // the relative's copy of a row that lies outside its replica: the version that last travelled to it (see
                // sync.RowStore#heldOutside); never pruned, since edits made outside do not travel and are judged against it
                s.executeUpdate("CREATE TABLE GDB_OUTSIDE (DATASET VARCHAR(128) NOT NULL, GLOBALID CHAR(36) NOT NULL,"
                        + " SOURCE CHAR(36) NOT NULL, FIELD VARCHAR(128) NOT NULL, VAL " + dialect.blobType() + ")");
                s.executeUpdate("CREATE INDEX GDB_OUTSIDE_ROW ON GDB_OUTSIDE (DATASET, GLOBALID)");
            }
            if (!tableExists(c, "GDB_COPY_HELD")) {
                // on a parent: what a registered copy held, at its copy point, of rows its original had changed and the parent
                // received (or may still receive) from the original; FIELD null: the copy held no such row; CHANGED: the copy's
                // generation of the row's last change up to the copy point (see sync.RowStore#heldByCopy); NEW_HERE 1: this
                // geodatabase had no record of the row when the copy was registered
                s.executeUpdate("CREATE TABLE GDB_COPY_HELD (REPLICA_GUID VARCHAR(36) NOT NULL, DATASET VARCHAR(128) NOT NULL,"
                        + " GLOBALID CHAR(36) NOT NULL, SOURCE CHAR(36) NOT NULL, ORIGIN CHAR(36) NOT NULL, CHANGED BIGINT NOT NULL,"
                        + " FIELD VARCHAR(128), VAL " + dialect.blobType() + ", NEW_HERE SMALLINT NOT NULL DEFAULT 1)");
                s.executeUpdate("CREATE INDEX GDB_COPY_HELD_ROW ON GDB_COPY_HELD (DATASET, GLOBALID)");
            } else if (!columnExists(c, "GDB_COPY_HELD", "NEW_HERE")) {
                s.executeUpdate("ALTER TABLE GDB_COPY_HELD ADD COLUMN NEW_HERE SMALLINT NOT NULL DEFAULT 1");
            }
            if (!tableExists(c, "GDB_EXPORTED")) {
                // per replica and dataset, what this side had received of the relative's generations when it exported a data
                // change message ending at TO_GEN: a re-export of that range says the same (see message.MessageExport)
                s.executeUpdate("CREATE TABLE GDB_EXPORTED (REPLICA_GUID VARCHAR(36) NOT NULL, DATASET VARCHAR(128) NOT NULL,"
                        + " TO_GEN BIGINT NOT NULL, RECEIVED BIGINT NOT NULL)");
            }
            if (!tableExists(c, "GDB_PRUNED")) {
                s.executeUpdate("CREATE TABLE GDB_PRUNED (GENERATION BIGINT NOT NULL)");
                s.executeUpdate("INSERT INTO GDB_PRUNED SELECT COALESCE((SELECT MIN(GENERATION) FROM GDB_CHANGES), G.GENERATION) - 1"
                        + " FROM GDB_GENERATION G");
            }
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        return Tables.exists(c, name);
    }

    private static boolean columnExists(Connection c, String table, String column) throws SQLException {
        return Tables.columnExists(c, table, column);
    }

    /**
     * The directory where this geodatabase holds its replicas (its real path), empty when none was recorded. A byte copy of
     * the geodatabase (or one moved or restored from a backup) lies elsewhere, so it can tell it is not the registered holder
     * of the replicas it holds.
     */
    public Optional<String> location() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LOCATION FROM GDB_HOLDER")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Records {@code dir} as the directory where this geodatabase holds its replicas. */
    public void setLocation(String loc) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM GDB_HOLDER");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_HOLDER VALUES (?)")) {
            p.setString(1, loc);
            p.executeUpdate();
        }
    }

    /** How a directory is recorded as a location: its real path (links resolved), or its absolute path when it cannot be resolved. */
    public static String locationOf(java.nio.file.Path dir) {
        try {
            return dir.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return dir.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * Notes, on the first open of this geodatabase in {@code dir} (not where it holds its replicas: a byte copy, or a move not
     * yet confirmed), the generation at which it was copied, and closes that generation: everything it holds up to there is
     * the original's history, and edits made in the copy from now on get later generations. Does nothing for a geodatabase
     * that holds no child replica, or when the point is already noted for {@code dir}.
     */
    public void noteCopyPoint(String loc) throws SQLException, GeodatabaseException {
        if (copyPoint(loc).isPresent() || all().stream().noneMatch(r -> r.getRole() == org.geosync.model.ReplicaRole.CHILD)) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_COPY_POINT SELECT ?, GENERATION FROM GDB_GENERATION");
                Statement s = c.createStatement()) {
            p.setString(1, loc);
            p.executeUpdate();
            s.executeUpdate("UPDATE GDB_GENERATION SET GENERATION = GENERATION + 1");
        }
    }

    /** The generation at which this geodatabase, found in {@code dir}, was copied (see {@link #noteCopyPoint}); empty if none. */
    public Optional<Long> copyPoint(String loc) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT MAX(GENERATION) FROM GDB_COPY_POINT WHERE LOCATION = ?")) {
            p.setString(1, loc);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                long g = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(g);
            }
        }
    }

    /**
     * The oldest of this side's generations a change still to arrive from the relative of replica {@code replicaGuid} may be
     * judged from: what the relative said it held of this side in the last exchange that brought its changes here (a
     * message header, or a connected synchronization). A message the relative exported before an acknowledgment that
     * arrived since carries an older boundary than the acknowledgment, so the change log is kept down to here (see
     * {@code Generations.prune}). 0 before any such exchange.
     */
    public long judgeFloor(String replicaGuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT GENERATION FROM GDB_JUDGE_FLOOR WHERE REPLICA_GUID = ?")) {
            p.setString(1, replicaGuid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Raises the judge floor of replica {@code replicaGuid} to {@code generation} (never lowers it). */
    public void raiseJudgeFloor(String replicaGuid, long generation) throws SQLException {
        long now = judgeFloor(replicaGuid);
        if (generation <= now) {
            return;
        }
        try (PreparedStatement d = c.prepareStatement("DELETE FROM GDB_JUDGE_FLOOR WHERE REPLICA_GUID = ?");
                PreparedStatement i = c.prepareStatement("INSERT INTO GDB_JUDGE_FLOOR VALUES (?, ?)")) {
            d.setString(1, replicaGuid);
            d.executeUpdate();
            i.setString(1, replicaGuid);
            i.setLong(2, generation);
            i.executeUpdate();
        }
    }

    /** Records that a data change message of replica {@code replicaGuid} ending at {@code to} said this side had received {@code received} of {@code dataset}. */
    public void noteExported(String replicaGuid, String dataset, long to, long received) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_EXPORTED VALUES (?, ?, ?, ?)")) {
            p.setString(1, replicaGuid);
            p.setString(2, dataset);
            p.setLong(3, to);
            p.setLong(4, received);
            p.executeUpdate();
        }
    }

    /** What the first data change message of the replica ending at {@code to} said this side had received of {@code dataset}, if recorded. */
    public Optional<Long> receivedAtExport(String replicaGuid, String dataset, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT MIN(RECEIVED) FROM GDB_EXPORTED WHERE REPLICA_GUID = ? AND DATASET = ? AND TO_GEN = ?")) {
            p.setString(1, replicaGuid);
            p.setString(2, dataset);
            p.setLong(3, to);
            try (ResultSet rs = p.executeQuery()) {
                long v = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? Optional.empty() : Optional.of(v);
            }
        }
    }

    /**
     * The original of a registered copy, on the parent: its GUID, the copy's generations up to which it is the original's, and
     * the parent's generation when the copy registered (null: registered before it was recorded).
     */
    public record CopyOrigin(String originalGuid, long sharedUpTo, Long registeredIn) {
    }

    /**
     * Records, on the parent, that replica {@code replicaGuid} is a copy of {@code originalGuid} up to generation
     * {@code sharedUpTo}, registered in the parent's generation {@code registeredIn}.
     */
    public void setCopyOrigin(String replicaGuid, String originalGuid, long sharedUpTo, long registeredIn) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_COPY_ORIGIN (REPLICA_GUID, ORIGINAL_GUID, SHARED_UP_TO,"
                + " REGISTERED_IN) VALUES (?, ?, ?, ?)")) {
            p.setString(1, replicaGuid);
            p.setString(2, originalGuid);
            p.setLong(3, sharedUpTo);
            p.setLong(4, registeredIn);
            p.executeUpdate();
        }
    }

    /** The original of replica {@code replicaGuid} if it was registered as a copy, else empty. */
    public Optional<CopyOrigin> copyOrigin(String replicaGuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT ORIGINAL_GUID, SHARED_UP_TO, REGISTERED_IN FROM GDB_COPY_ORIGIN"
                + " WHERE REPLICA_GUID = ?")) {
            p.setString(1, replicaGuid);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long registeredIn = rs.getLong(3);
                return Optional.of(new CopyOrigin(rs.getString(1), rs.getLong(2), rs.wasNull() ? null : registeredIn));
            }
        }
    }

    /** The generation up to which this geodatabase has forgotten its change records and kept images (0: none). */
    public long pruned() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT GENERATION FROM GDB_PRUNED")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Records that change records and kept images up to {@code generation} were forgotten. */
    public void setPruned(long generation) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE GDB_PRUNED SET GENERATION = ? WHERE GENERATION < ?")) {
            p.setLong(1, generation);
            p.setLong(2, generation);
            p.executeUpdate();
        }
    }

    /** All replicas of this geodatabase, by name. */
    public List<Replica> all() throws SQLException, GeodatabaseException {
        List<Replica> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT NAME, XMI FROM GDB_REPLICAS ORDER BY NAME")) {
            while (rs.next()) {
                result.add(parse(rs.getString(1), rs.getClob(2)));
            }
        }
        return result;
    }

    /** The replica called {@code name} (case-insensitive), if any. */
    public Optional<Replica> find(String name) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = c.prepareStatement("SELECT NAME, XMI FROM GDB_REPLICAS WHERE UPPER(NAME) = UPPER(?)")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1), rs.getClob(2))) : Optional.empty();
            }
        }
    }

    /** The replica with this GUID, if any. */
    public Optional<Replica> findByGuid(String guid) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = c.prepareStatement("SELECT NAME, XMI FROM GDB_REPLICAS WHERE GUID = ?")) {
            p.setString(1, guid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1), rs.getClob(2))) : Optional.empty();
            }
        }
    }

    /**
     * Stores a new replica record, or replaces the one with the same GUID after checking that the model
     * is valid and that no generation goes backwards.
     */
    public void save(Replica replica) throws SQLException, GeodatabaseException {
        Diagnostic valid = Diagnostician.INSTANCE.validate(replica);
        if (valid.getSeverity() >= Diagnostic.ERROR) {
            throw new GeodatabaseException(firstMessage(valid));
        }
        Optional<Replica> before = findByGuid(replica.getGuid());
        if (before.isPresent()) {
            Diagnostic advance = Generations.checkAdvance(before.get(), replica);
            if (advance.getSeverity() >= Diagnostic.ERROR) {
                throw new GeodatabaseException(firstMessage(advance));
            }
        }
        String xmi = xmi(replica);
        if (before.isPresent()) {
            try (PreparedStatement p = c.prepareStatement("UPDATE GDB_REPLICAS SET NAME = ?, XMI = ? WHERE GUID = ?")) {
                p.setString(1, replica.getName());
                p.setString(2, xmi);
                p.setString(3, replica.getGuid());
                p.executeUpdate();
            }
        } else {
            if (find(replica.getName()).isPresent()) {
                throw new GeodatabaseException("A replica named " + replica.getName() + " already exists here; choose another name.");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_REPLICAS (NAME, GUID, XMI) VALUES (?, ?, ?)")) {
                p.setString(1, replica.getName());
                p.setString(2, replica.getGuid());
                p.setString(3, xmi);
                p.executeUpdate();
            }
        }
    }

    /** Removes a replica record (and its conflicts); remembers its GUID as unregistered. */
    public void remove(Replica replica) throws SQLException {
        delete(replica);
        markUnregistered(replica.getGuid(), replica.getName());
    }

    /** Deletes a replica record, its conflicts and its message key (a registered copy replaces its record). */
    public void delete(Replica replica) throws SQLException {
        for (String sql : new String[] { "DELETE FROM GDB_REPLICAS WHERE GUID = ?", "DELETE FROM GDB_CONFLICTS WHERE REPLICA_GUID = ?",
                "DELETE FROM GDB_COPY_HELD WHERE REPLICA_GUID = ?", "DELETE FROM GDB_EXPORTED WHERE REPLICA_GUID = ?",
                "DELETE FROM GDB_KEYS WHERE REF = ?" }) {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, sql.contains("GDB_KEYS") ? replica.getMessageKeyRef() == null ? "" : replica.getMessageKeyRef() : replica.getGuid());
                p.executeUpdate();
            }
        }
    }

    /** Remembers that the replica with this GUID was unregistered: it (and copies of it) can never register. */
    public void markUnregistered(String guid, String name) throws SQLException {
        if (isUnregistered(guid)) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_UNREGISTERED VALUES (?, ?, ?)")) {
            p.setString(1, guid);
            p.setString(2, name);
            p.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
            p.executeUpdate();
        }
    }

    /** Whether the replica with this GUID was unregistered here. */
    public boolean isUnregistered(String guid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM GDB_UNREGISTERED WHERE GUID = ?")) {
            p.setString(1, guid);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Makes a new random secret for authenticating the messages of a replica pair; returns its reference. */
    public static byte[] newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** Stores a message secret under {@code ref} (key:NAME). */
    public void putKey(String ref, byte[] secret) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_KEYS VALUES (?, ?)")) {
            p.setString(1, ref);
            p.setString(2, HexFormat.of().formatHex(secret));
            p.executeUpdate();
        }
    }

    /** The secret stored under {@code ref}, or empty. */
    public Optional<byte[]> key(String ref) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT SECRET FROM GDB_KEYS WHERE REF = ?")) {
            p.setString(1, ref);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(HexFormat.of().parseHex(rs.getString(1).trim())) : Optional.empty();
            }
        }
    }

    // ---- conflicts ------------------------------------------------------------------------------

    /** Stores a new open conflict of a replica; returns its id. */
    public long addConflict(String replicaGuid, Conflict conflict) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO GDB_CONFLICTS (REPLICA_GUID, DATASET, GLOBALID, KIND, STATUS, XMI)"
                + " VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, replicaGuid);
            p.setString(2, conflict.getDatasetName());
            p.setString(3, conflict.getGlobalId());
            p.setString(4, conflict.getKind().getLiteral());
            p.setString(5, conflict.getStatus().getLiteral());
            p.setString(6, xmi(conflict));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                conflict.setId(id);
                updateConflict(conflict);
                return id;
            }
        }
    }

    /** Replaces a stored conflict (after resolving it). */
    public void updateConflict(Conflict conflict) throws SQLException, GeodatabaseException {
        try (PreparedStatement p = c.prepareStatement("UPDATE GDB_CONFLICTS SET STATUS = ?, XMI = ? WHERE ID = ?")) {
            p.setString(1, conflict.getStatus().getLiteral());
            p.setString(2, xmi(conflict));
            p.setLong(3, conflict.getId());
            p.executeUpdate();
        }
    }

    /** Conflicts of a replica, open ones only or all, by dataset and id. */
    public List<Conflict> conflicts(String replicaGuid, boolean openOnly) throws SQLException, GeodatabaseException {
        List<Conflict> result = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT XMI FROM GDB_CONFLICTS WHERE REPLICA_GUID = ?"
                + (openOnly ? " AND STATUS = '" + ConflictStatus.OPEN.getLiteral() + "'" : "") + " ORDER BY DATASET, ID")) {
            p.setString(1, replicaGuid);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    result.add(load(rs.getClob(1), Conflict.class, "conflict"));
                }
            }
        }
        return result;
    }

    /** Number of open conflicts of a replica. */
    public long openConflicts(String replicaGuid) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM GDB_CONFLICTS WHERE REPLICA_GUID = ? AND STATUS = ?")) {
            p.setString(1, replicaGuid);
            p.setString(2, ConflictStatus.OPEN.getLiteral());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Whether the row has an open conflict in the replica. */
    public boolean hasOpenConflict(String replicaGuid, String dataset, String globalId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM GDB_CONFLICTS WHERE REPLICA_GUID = ? AND DATASET = ?"
                + " AND GLOBALID = ? AND STATUS = ?")) {
            p.setString(1, replicaGuid);
            p.setString(2, dataset);
            p.setString(3, globalId);
            p.setString(4, ConflictStatus.OPEN.getLiteral());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- XMI ------------------------------------------------------------------------------------

    /**
     * Marks a text stored escaped: XML cannot hold every character a text field can (control characters, NUL, lone
     * surrogates), so such a text, and any text that starts with this marker itself, is stored as the marker followed
     * by the text with those characters (and backslashes) written as {@code \\uXXXX}; {@link #unescape} restores it exactly.
     */
    static final String ESCAPED = "\\gdb-escaped:";

    private static String xmi(org.eclipse.emf.ecore.EObject original) throws GeodatabaseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.eclipse.emf.ecore.EObject object = org.eclipse.emf.ecore.util.EcoreUtil.copy(original);
        texts(object, ReplicaStore::escape);
        try {
            GeosyncXmi.save(object, out);
        } catch (IOException e) {
            throw new GeodatabaseException(e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Replica parse(String name, Clob xmi) throws SQLException, GeodatabaseException {
        return load(xmi, Replica.class, "replica " + name);
    }

    private static <T extends org.eclipse.emf.ecore.EObject> T load(Clob xmi, Class<T> type, String what)
            throws SQLException, GeodatabaseException {
        String text = xmi.getSubString(1, (int) xmi.length());
        try {
            T object = GeosyncXmi.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), type);
            texts(object, ReplicaStore::unescape);
            return object;
        } catch (IOException e) {
            throw new GeodatabaseException("The stored metadata of " + what + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Replaces every single-valued text attribute of {@code root} and of everything it contains by {@code f} of it. */
    private static void texts(org.eclipse.emf.ecore.EObject root, java.util.function.UnaryOperator<String> f) {
        List<org.eclipse.emf.ecore.EObject> all = new ArrayList<>();
        all.add(root);
        root.eAllContents().forEachRemaining(all::add);
        for (org.eclipse.emf.ecore.EObject o : all) {
            for (org.eclipse.emf.ecore.EAttribute a : o.eClass().getEAllAttributes()) {
                if (!a.isMany() && a.isChangeable() && !a.isDerived() && !a.isTransient() && a.getEAttributeType().getInstanceClass() == String.class
                        && o.eIsSet(a)) {
                    String v = (String) o.eGet(a);
                    String w = f.apply(v);
                    if (v != w) {
                        o.eSet(a, w);
                    }
                }
            }
        }
    }

    /** The text as stored: unchanged when XML holds it as it is, else {@link #ESCAPED} and the escaped text. */
    static String escape(String v) {
        if (v == null || !v.startsWith(ESCAPED) && xmlSafe(v)) {
            return v;
        }
        StringBuilder sb = new StringBuilder(ESCAPED);
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            boolean surrogateOk = Character.isHighSurrogate(ch) ? i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))
                    : !Character.isLowSurrogate(ch) || i > 0 && Character.isHighSurrogate(v.charAt(i - 1));
            if (ch == '\\' || !surrogateOk || !xmlChar(ch)) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** The text {@link #escape} stored. */
    static String unescape(String v) {
        if (v == null || !v.startsWith(ESCAPED)) {
            return v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = ESCAPED.length(); i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 5 < v.length() && v.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(v.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static boolean xmlSafe(String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!xmlChar(ch)) {
                return false;
            }
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 >= v.length() || !Character.isLowSurrogate(v.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether XML 1.0 keeps the character as it is: not a control character (tab and line feed are kept, a carriage
     * return is not: parsers turn it into a line feed) and not U+FFFE or U+FFFF.
     */
    private static boolean xmlChar(char ch) {
        return ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF || ch == '\t' || ch == '\n';
    }

    private static String firstMessage(Diagnostic d) {
        for (Diagnostic child : d.getChildren()) {
            if (child.getSeverity() >= Diagnostic.ERROR) {
                return firstMessage(child);
            }
        }
        return d.getMessage();
    }
}
