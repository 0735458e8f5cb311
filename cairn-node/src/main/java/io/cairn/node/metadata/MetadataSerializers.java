package io.cairn.node.metadata;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.schema.SchemaChange;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bytes of the cluster metadata log: its entries ({@link Transformation}, {@link LogEntry})
 * and snapshots ({@link ClusterMetadata}), as the local log stores them and as nodes send them
 * to each other. Every node must read an entry exactly as its proposer wrote it, or replicas
 * of the log diverge: decoding is exact ({@code deserialize(serialize(x)).equals(x)}), checks
 * every count and length against a named limit before allocating, and fails with a
 * {@link MalformedMessageException} on anything else: truncated or corrupt bytes, an unknown
 * format version or entry kind, or content a snapshot or entry could never hold.
 *
 * <p>The byte-array forms start with a format version ({@link #FORMAT_VERSION}); the
 * {@code write}/{@code read} forms have none, for messages that carry a value among others under
 * their own version. An entry is {@code [kind id][fields]}, with the kind's never renumbered
 * {@link Transformation.Kind#id}; a log entry is {@code [epoch][id][entry]}. Schema content is
 * carried as its system_schema rows ({@link SchemaCodec}).
 */
public final class MetadataSerializers {

    /** The layout version the byte-array forms start with; another is refused, not guessed at. */
    public static final int FORMAT_VERSION = 1;

    static final MetadataWire.WireEnum<AdvanceMovement.To> ADVANCE_STEPS = new MetadataWire.WireEnum<>(
            "movement step to advance to", AdvanceMovement.To.class,
            List.of(AdvanceMovement.To.STARTED, AdvanceMovement.To.MID, AdvanceMovement.To.FINISHED));
    static final MetadataWire.WireEnum<SchemaChange.Change> SCHEMA_CHANGES = new MetadataWire.WireEnum<>(
            "schema change", SchemaChange.Change.class,
            List.of(SchemaChange.Change.CREATED, SchemaChange.Change.UPDATED, SchemaChange.Change.DROPPED));
    static final MetadataWire.WireEnum<SchemaChange.Target> SCHEMA_TARGETS = new MetadataWire.WireEnum<>(
            "schema change target", SchemaChange.Target.class,
            List.of(SchemaChange.Target.KEYSPACE, SchemaChange.Target.TABLE, SchemaChange.Target.TYPE,
                    SchemaChange.Target.FUNCTION, SchemaChange.Target.AGGREGATE));

    static final MetadataWire.WireEnum<ChangeRole.Op> ROLE_OPS = new MetadataWire.WireEnum<>("role change",
            ChangeRole.Op.class, List.of(ChangeRole.Op.CREATE, ChangeRole.Op.ALTER, ChangeRole.Op.DROP));

    /** The most argument types a schema change names (of a function; Cassandra allows no more). */
    static final int MAX_ARGUMENT_TYPES = 1_024;

    private MetadataSerializers() {
    }

    public static byte[] serialize(Transformation transformation) {
        return serialize(out -> write(out, transformation));
    }

    public static Transformation deserializeTransformation(byte[] bytes) {
        return deserialize(bytes, "cluster metadata entry", MetadataSerializers::readTransformation);
    }

    public static byte[] serialize(LogEntry entry) {
        return serialize(out -> write(out, entry));
    }

    public static LogEntry deserializeEntry(byte[] bytes) {
        return deserialize(bytes, "cluster metadata log entry", MetadataSerializers::readEntry);
    }

    /** A snapshot's bytes, under the snapshot layout's own version ({@link SnapshotCodec#VERSION}). */
    public static byte[] serialize(ClusterMetadata snapshot) {
        ByteWriter out = new ByteWriter(256).writeByte(SnapshotCodec.VERSION);
        write(out, snapshot);
        return out.toByteArray();
    }

    /** A snapshot of the current layout, or of the one before roles (read as without roles). */
    public static ClusterMetadata deserializeSnapshot(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "cluster metadata snapshot");
        int version = in.readUnsignedByte();
        if (version < SnapshotCodec.VERSION_WITHOUT_ROLES || version > SnapshotCodec.VERSION) {
            throw in.malformed("expected version " + SnapshotCodec.VERSION_WITHOUT_ROLES + " to "
                    + SnapshotCodec.VERSION + ", found version " + version);
        }
        ClusterMetadata snapshot = SnapshotCodec.read(in, version);
        in.expectEnd();
        return snapshot;
    }

    public static void write(ByteWriter out, LogEntry entry) {
        MetadataWire.writeEpoch(out, entry.epoch());
        out.writeLong(entry.id());
        write(out, entry.transformation());
    }

    public static LogEntry readEntry(ByteReader in) {
        Epoch epoch = MetadataWire.readEpoch(in);
        long id = in.readLong();
        Transformation transformation = readTransformation(in);
        return MetadataWire.checked(in, "log entry", () -> new LogEntry(epoch, id, transformation));
    }

    public static void write(ByteWriter out, ClusterMetadata snapshot) {
        SnapshotCodec.write(out, snapshot);
    }

    public static ClusterMetadata readSnapshot(ByteReader in) {
        return SnapshotCodec.read(in);
    }

    public static void write(ByteWriter out, Transformation transformation) {
        out.writeByte(transformation.kind().id);
        switch (transformation.kind()) {
            case INITIALIZE -> {
                Initialize initialize = (Initialize) transformation;
                MetadataWire.writeName(out, initialize.clusterName(), "cluster name");
                MetadataWire.writeNode(out, initialize.first());
                MetadataWire.writeTokens(out, initialize.tokens());
                SchemaCodec.write(out, initialize.schema());
            }
            case REGISTER -> MetadataWire.writeNode(out, ((Register) transformation).node());
            case UNREGISTER -> MetadataWire.writeNodeId(out, ((Unregister) transformation).node());
            case ADD_METADATA_REPLICA -> MetadataWire.writeNodeId(out, ((AddMetadataReplica) transformation).node());
            case REMOVE_METADATA_REPLICA ->
                    MetadataWire.writeNodeId(out, ((RemoveMetadataReplica) transformation).node());
            case ALTER_SCHEMA -> writeAlterSchema(out, (AlterSchema) transformation);
            case TRUNCATE_TABLE -> {
                TruncateTable truncate = (TruncateTable) transformation;
                MetadataWire.writeTable(out, truncate.table());
                out.writeLong(truncate.truncatedAtMicros());
            }
            case PREPARE_JOIN -> {
                PrepareJoin join = (PrepareJoin) transformation;
                MetadataWire.writeNodeId(out, join.node());
                MetadataWire.writeTokens(out, join.tokens());
            }
            case PREPARE_LEAVE -> MetadataWire.writeNodeId(out, ((PrepareLeave) transformation).node());
            case PREPARE_REPLACE -> {
                PrepareReplace replace = (PrepareReplace) transformation;
                MetadataWire.writeNodeId(out, replace.node());
                MetadataWire.writeNodeId(out, replace.replaced());
            }
            case PREPARE_REMOVE -> MetadataWire.writeNodeId(out, ((PrepareRemove) transformation).node());
            case PREPARE_MOVE -> {
                PrepareMove move = (PrepareMove) transformation;
                MetadataWire.writeNodeId(out, move.node());
                MetadataWire.writeTokens(out, move.tokens());
            }
            case ADVANCE_MOVEMENT -> {
                AdvanceMovement advance = (AdvanceMovement) transformation;
                MetadataWire.writeNodeId(out, advance.node());
                ADVANCE_STEPS.write(out, advance.to());
            }
            case CANCEL_MOVEMENT -> MetadataWire.writeNodeId(out, ((CancelMovement) transformation).node());
            case CHANGE_ROLE -> {
                ChangeRole change = (ChangeRole) transformation;
                ROLE_OPS.write(out, change.op());
                MetadataWire.writeRole(out, change.role());
            }
            case CHANGE_PERMISSIONS -> {
                ChangePermissions change = (ChangePermissions) transformation;
                out.writeBoolean(change.grant());
                MetadataWire.writeName(out, change.role(), "role name");
                MetadataWire.writeResource(out, change.resource());
                MetadataWire.writePermissions(out, change.permissions());
            }
        }
    }

    public static Transformation readTransformation(ByteReader in) {
        int id = in.readUnsignedByte();
        Transformation.Kind kind = Transformation.Kind.of(id);
        if (kind == null) {
            throw in.malformed("unknown cluster metadata entry kind " + id);
        }
        return switch (kind) {
            case INITIALIZE -> {
                String clusterName = MetadataWire.readName(in);
                NodeRecord first = MetadataWire.readNode(in);
                var tokens = MetadataWire.readTokens(in);
                var schema = SchemaCodec.readSchema(in);
                yield new Initialize(clusterName, first, tokens, schema);
            }
            case REGISTER -> {
                NodeRecord node = MetadataWire.readNode(in);
                yield MetadataWire.checked(in, "REGISTER entry", () -> new Register(node));
            }
            case UNREGISTER -> new Unregister(MetadataWire.readNodeId(in));
            case ADD_METADATA_REPLICA -> new AddMetadataReplica(MetadataWire.readNodeId(in));
            case REMOVE_METADATA_REPLICA -> new RemoveMetadataReplica(MetadataWire.readNodeId(in));
            case ALTER_SCHEMA -> readAlterSchema(in);
            case TRUNCATE_TABLE -> new TruncateTable(MetadataWire.readTable(in), in.readLong());
            case PREPARE_JOIN -> new PrepareJoin(MetadataWire.readNodeId(in), MetadataWire.readTokens(in));
            case PREPARE_LEAVE -> new PrepareLeave(MetadataWire.readNodeId(in));
            case PREPARE_REPLACE -> {
                NodeId node = MetadataWire.readNodeId(in);
                NodeId replaced = MetadataWire.readNodeId(in);
                yield MetadataWire.checked(in, "PREPARE_REPLACE entry", () -> new PrepareReplace(node, replaced));
            }
            case PREPARE_REMOVE -> new PrepareRemove(MetadataWire.readNodeId(in));
            case PREPARE_MOVE -> new PrepareMove(MetadataWire.readNodeId(in), MetadataWire.readTokens(in));
            case ADVANCE_MOVEMENT -> new AdvanceMovement(MetadataWire.readNodeId(in), ADVANCE_STEPS.read(in));
            case CANCEL_MOVEMENT -> new CancelMovement(MetadataWire.readNodeId(in));
            case CHANGE_ROLE -> new ChangeRole(ROLE_OPS.read(in), MetadataWire.readRole(in));
            case CHANGE_PERMISSIONS -> {
                boolean grant = in.readBoolean();
                String role = MetadataWire.readName(in);
                String resource = MetadataWire.readResource(in);
                var permissions = MetadataWire.readPermissions(in);
                yield MetadataWire.checked(in, "CHANGE_PERMISSIONS entry",
                        () -> new ChangePermissions(grant, role, resource, permissions));
            }
        };
    }

    private static void writeAlterSchema(ByteWriter out, AlterSchema alter) {
        MetadataWire.writeEpoch(out, alter.basedOn());
        MetadataWire.writeName(out, alter.keyspace(), "keyspace name");
        MetadataWire.writeNullable(out, alter.after(), SchemaCodec::write);
        SchemaChange change = alter.change();
        SCHEMA_CHANGES.write(out, change.change());
        SCHEMA_TARGETS.write(out, change.target());
        MetadataWire.writeName(out, change.keyspace(), "keyspace name");
        MetadataWire.writeNullable(out, change.name(), (writer, name) -> MetadataWire.writeName(writer, name, "name"));
        MetadataWire.checkLimit(change.argumentTypes().size(), MAX_ARGUMENT_TYPES, "argument types");
        out.writeInt(change.argumentTypes().size());
        change.argumentTypes().forEach(type -> MetadataWire.writeName(out, type, "argument type"));
    }

    private static AlterSchema readAlterSchema(ByteReader in) {
        Epoch basedOn = MetadataWire.readEpoch(in);
        String keyspace = MetadataWire.readName(in);
        var after = MetadataWire.readNullable(in, SchemaCodec::readKeyspace);
        SchemaChange.Change change = SCHEMA_CHANGES.read(in);
        SchemaChange.Target target = SCHEMA_TARGETS.read(in);
        String changedKeyspace = MetadataWire.readName(in);
        String name = MetadataWire.readNullable(in, MetadataWire::readName);
        int count = in.readCount(4, MAX_ARGUMENT_TYPES);
        List<String> argumentTypes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            argumentTypes.add(MetadataWire.readName(in));
        }
        SchemaChange event = new SchemaChange(change, target, changedKeyspace, name, argumentTypes);
        return MetadataWire.checked(in, "ALTER_SCHEMA entry", () -> new AlterSchema(basedOn, keyspace, after, event));
    }

    private static byte[] serialize(Consumer<ByteWriter> body) {
        ByteWriter out = new ByteWriter(256).writeByte(FORMAT_VERSION);
        body.accept(out);
        return out.toByteArray();
    }

    private static <T> T deserialize(byte[] bytes, String what, Function<ByteReader, T> body) {
        ByteReader in = new ByteReader(bytes, what);
        in.readVersion(FORMAT_VERSION);
        T value = body.apply(in);
        in.expectEnd();
        return value;
    }
}
