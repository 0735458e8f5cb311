package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.cql.ast.Permission;
import io.cairn.storage.TableId;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the encodings of the cluster metadata share ({@link MetadataSerializers},
 * {@link SnapshotCodec}, {@link SchemaCodec}): the limits every decoded count and length is
 * checked against before anything is allocated, and the forms of epochs, node ids and records,
 * token sets, table names and enums.
 *
 * <p>Sets and maps are written in ascending order and must be read so: a duplicate or an
 * out-of-order element is malformed, so a decoded value encodes back to the same bytes. The
 * writers check the same limits as the readers, so that a node never proposes an entry that
 * the others would refuse to read.
 */
final class MetadataWire {

    /** The most nodes a directory holds, left ones included (their ids are never reused). */
    static final int MAX_NODES = 65_536;
    /** The most tokens one node owns: 16 times the most any deployment uses (1024 vnodes). */
    static final int MAX_TOKENS_PER_NODE = 16_384;
    /** The longest cluster name, host, data center, rack, release version or schema name. */
    static final int MAX_NAME_BYTES = 1_024;
    /** The most tables with a truncation time or a schema change epoch in one snapshot. */
    static final int MAX_TABLES = 1 << 20;

    private static final int UUID_BYTES = 16;
    /** The smallest encoded node record: id, two empty hosts with ports, three empty names, a state. */
    private static final int MIN_NODE_RECORD_BYTES = UUID_BYTES + 2 * (4 + 4) + 3 * 4 + 1;

    static final WireEnum<NodeState> NODE_STATES = new WireEnum<>("node state", NodeState.class,
            List.of(NodeState.REGISTERED, NodeState.JOINED, NodeState.LEFT));

    private MetadataWire() {
    }

    static void writeEpoch(ByteWriter out, Epoch epoch) {
        out.writeLong(epoch.value());
    }

    static Epoch readEpoch(ByteReader in) {
        long value = in.readLong();
        if (value < 0) {
            throw in.malformed("expected an epoch (not negative), found " + value);
        }
        return Epoch.of(value);
    }

    static void writeNodeId(ByteWriter out, NodeId id) {
        out.writeUuid(id.hostId());
    }

    static NodeId readNodeId(ByteReader in) {
        return new NodeId(in.readUuid());
    }

    static void writeName(ByteWriter out, String name, String what) {
        checkLimit(name.getBytes(StandardCharsets.UTF_8).length, MAX_NAME_BYTES, what + " bytes");
        out.writeString(name);
    }

    static String readName(ByteReader in) {
        return in.readString(MAX_NAME_BYTES);
    }

    /** The longest resource key: {@code data/} and two names, or {@code roles/} and one. */
    static final int MAX_RESOURCE_BYTES = 2 * MAX_NAME_BYTES + 16;

    /** A resource's {@linkplain io.cairn.cql.ast.AuthResource#key key}. */
    static void writeResource(ByteWriter out, String key) {
        checkLimit(key.getBytes(StandardCharsets.UTF_8).length, MAX_RESOURCE_BYTES, "resource bytes");
        out.writeString(key);
    }

    static String readResource(ByteReader in) {
        return in.readString(MAX_RESOURCE_BYTES);
    }

    static void writeNode(ByteWriter out, NodeRecord node) {
        writeNodeId(out, node.id());
        writeAddress(out, node.address());
        writeAddress(out, node.nativeAddress());
        writeName(out, node.dataCenter(), "data center");
        writeName(out, node.rack(), "rack");
        NODE_STATES.write(out, node.state());
        writeName(out, node.releaseVersion(), "release version");
    }

    static NodeRecord readNode(ByteReader in) {
        NodeId id = readNodeId(in);
        NodeAddress address = readAddress(in);
        NodeAddress nativeAddress = readAddress(in);
        String dataCenter = readName(in);
        String rack = readName(in);
        NodeState state = NODE_STATES.read(in);
        return new NodeRecord(id, address, nativeAddress, dataCenter, rack, state, readName(in));
    }

    private static void writeAddress(ByteWriter out, NodeAddress address) {
        writeName(out, address.host(), "host");
        out.writeInt(address.port());
    }

    private static NodeAddress readAddress(ByteReader in) {
        String host = readName(in);
        int port = in.readInt();
        if (port < 0 || port > 65_535) {
            throw in.malformed("expected a port between 0 and 65535, found port " + port);
        }
        return new NodeAddress(host, port);
    }

    static void writeTable(ByteWriter out, TableId table) {
        out.writeString(table.keyspace());
        out.writeString(table.table());
    }

    static TableId readTable(ByteReader in) {
        String keyspace = in.readString(MAX_NAME_BYTES);
        String table = in.readString(MAX_NAME_BYTES);
        return checked(in, "table name", () -> new TableId(keyspace, table));
    }

    static void writeTokens(ByteWriter out, SortedSet<Long> tokens) {
        checkLimit(tokens.size(), MAX_TOKENS_PER_NODE, "tokens of a node");
        out.writeInt(tokens.size());
        tokens.forEach(out::writeLong);
    }

    static SortedSet<Long> readTokens(ByteReader in) {
        int count = in.readCount(Long.BYTES, MAX_TOKENS_PER_NODE);
        SortedSet<Long> tokens = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            addAscending(in, tokens, in.readLong(), "token");
        }
        return tokens;
    }

    /** Each node's tokens, by node id. */
    static void writeTokenOwners(ByteWriter out, SortedMap<NodeId, SortedSet<Long>> owners) {
        writeMap(out, owners, MAX_NODES, "token owners", MetadataWire::writeNodeId, MetadataWire::writeTokens);
    }

    static SortedMap<NodeId, SortedSet<Long>> readTokenOwners(ByteReader in) {
        return readMap(in, MAX_NODES, UUID_BYTES + 4, "token owner", MetadataWire::readNodeId, MetadataWire::readTokens);
    }

    static void writeNodeIds(ByteWriter out, SortedSet<NodeId> ids) {
        checkLimit(ids.size(), MAX_NODES, "node ids");
        out.writeInt(ids.size());
        ids.forEach(id -> writeNodeId(out, id));
    }

    static SortedSet<NodeId> readNodeIds(ByteReader in) {
        int count = in.readCount(UUID_BYTES, MAX_NODES);
        SortedSet<NodeId> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            addAscending(in, ids, readNodeId(in), "node id");
        }
        return ids;
    }

    static void writeDirectory(ByteWriter out, Directory directory) {
        checkLimit(directory.nodes().size(), MAX_NODES, "nodes of the directory");
        out.writeInt(directory.nodes().size());
        directory.nodes().values().forEach(node -> writeNode(out, node));
    }

    static Directory readDirectory(ByteReader in) {
        int count = in.readCount(MIN_NODE_RECORD_BYTES, MAX_NODES);
        SortedMap<NodeId, NodeRecord> nodes = new TreeMap<>();
        NodeId previous = null;
        for (int i = 0; i < count; i++) {
            NodeRecord node = readNode(in);
            if (previous != null && node.id().compareTo(previous) <= 0) {
                throw in.malformed("expected node ids in ascending order, found " + node.id() + " after " + previous);
            }
            nodes.put(node.id(), node);
            previous = node.id();
        }
        return checked(in, "directory", () -> new Directory(nodes));
    }

    /** The smallest role: a one-letter name, two flags, no hash, no grants. */
    static final int MIN_ROLE_BYTES = (4 + 1) + 1 + 1 + 1 + 4;

    static void writeRole(ByteWriter out, RoleRecord role) {
        writeName(out, role.name(), "role name");
        out.writeBoolean(role.superuser());
        out.writeBoolean(role.canLogin());
        writeNullable(out, role.saltedHash(), (writer, hash) -> writeName(writer, hash, "salted hash"));
        checkLimit(role.memberOf().size(), RoleRecord.MAX_MEMBER_OF, "roles granted to a role");
        out.writeInt(role.memberOf().size());
        role.memberOf().forEach(granted -> writeName(out, granted, "role name"));
    }

    static RoleRecord readRole(ByteReader in) {
        String name = readName(in);
        boolean superuser = in.readBoolean();
        boolean canLogin = in.readBoolean();
        String saltedHash = readNullable(in, MetadataWire::readName);
        int count = in.readCount(4 + 1, RoleRecord.MAX_MEMBER_OF);
        SortedSet<String> memberOf = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            addAscending(in, memberOf, readName(in), "role granted");
        }
        return checked(in, "role", () -> new RoleRecord(name, superuser, canLogin, saltedHash, memberOf));
    }

    /**
     * A set of permissions, as a bit for each by its position in {@link #PERMISSIONS} (never
     * reordered): a bit beyond those is malformed.
     */
    static void writePermissions(ByteWriter out, Set<Permission> permissions) {
        int bits = 0;
        for (Permission permission : permissions) {
            int bit = PERMISSIONS.indexOf(permission);
            if (bit < 0) {
                throw new IllegalArgumentException("Permission " + permission + " has no wire bit");
            }
            bits |= 1 << bit;
        }
        out.writeInt(bits);
    }

    static Set<Permission> readPermissions(ByteReader in) {
        int bits = in.readInt();
        if ((bits & ~((1 << PERMISSIONS.size()) - 1)) != 0) {
            throw in.malformed("unknown permission bits in " + Integer.toBinaryString(bits));
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (int bit = 0; bit < PERMISSIONS.size(); bit++) {
            if ((bits & (1 << bit)) != 0) {
                permissions.add(PERMISSIONS.get(bit));
            }
        }
        return permissions;
    }

    /** The permissions in their wire order: only ever appended to. */
    static final List<Permission> PERMISSIONS = List.of(Permission.CREATE, Permission.ALTER, Permission.DROP,
            Permission.SELECT, Permission.MODIFY, Permission.AUTHORIZE, Permission.DESCRIBE, Permission.EXECUTE,
            Permission.UNMASK, Permission.SELECT_MASKED);

    /** A map written as its size, then each key and value in key order. */
    static <K, V> void writeMap(ByteWriter out, SortedMap<K, V> map, int max, String what,
                                BiConsumer<ByteWriter, K> key, BiConsumer<ByteWriter, V> value) {
        checkLimit(map.size(), max, what);
        out.writeInt(map.size());
        for (Map.Entry<K, V> entry : map.entrySet()) {
            key.accept(out, entry.getKey());
            value.accept(out, entry.getValue());
        }
    }

    /** A map of at most {@code max} entries of at least {@code minEntryBytes} each, keys ascending. */
    static <K extends Comparable<K>, V> SortedMap<K, V> readMap(ByteReader in, int max, int minEntryBytes, String what,
                                                                Function<ByteReader, K> key,
                                                                Function<ByteReader, V> value) {
        int count = in.readCount(minEntryBytes, max);
        SortedMap<K, V> map = new TreeMap<>();
        K previous = null;
        for (int i = 0; i < count; i++) {
            K next = key.apply(in);
            if (previous != null && next.compareTo(previous) <= 0) {
                throw in.malformed("expected each " + what + " in ascending order, found " + next + " after "
                        + previous);
            }
            map.put(next, value.apply(in));
            previous = next;
        }
        return map;
    }

    private static <T extends Comparable<T>> void addAscending(ByteReader in, SortedSet<T> set, T next, String what) {
        if (!set.isEmpty() && next.compareTo(set.last()) <= 0) {
            throw in.malformed("expected each " + what + " in ascending order, found " + next + " after " + set.last());
        }
        set.add(next);
    }

    /** Writes {@code value}, or only its absence: a boolean comes first. */
    static <T> void writeNullable(ByteWriter out, T value, BiConsumer<ByteWriter, T> writer) {
        out.writeBoolean(value != null);
        if (value != null) {
            writer.accept(out, value);
        }
    }

    static <T> T readNullable(ByteReader in, Function<ByteReader, T> reader) {
        return in.readBoolean() ? reader.apply(in) : null;
    }

    /**
     * The value {@code constructor} builds from what was read. The records check their
     * invariants; decoded input that breaks one is malformed, not a bug of this node.
     */
    static <T> T checked(ByteReader in, String what, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw in.malformed("invalid " + what + " (" + e.getMessage() + ")");
        }
    }

    /** Refuses to write what a reader would refuse to read. */
    static void checkLimit(int count, int max, String what) {
        if (count > max) {
            throw new IllegalArgumentException("Cannot encode " + count + " " + what + ": the cluster metadata"
                    + " carries at most " + max);
        }
    }

    /**
     * An enum's wire ids: each constant's position in a list that is only ever appended to, so
     * that reordering the enum's declaration changes nothing on the wire. Every constant must
     * be listed (checked when the class loads).
     */
    static final class WireEnum<E extends Enum<E>> {
        private final String what;
        private final List<E> byId;

        WireEnum(String what, Class<E> type, List<E> byId) {
            Collection<E> missing = EnumSet.allOf(type);
            missing.removeAll(byId);
            if (!missing.isEmpty() || byId.size() != EnumSet.copyOf(byId).size() || byId.size() > 256) {
                throw new IllegalStateException("The wire ids of " + what + " must list each constant once: "
                        + byId + " misses " + missing);
            }
            this.what = what;
            this.byId = List.copyOf(byId);
        }

        void write(ByteWriter out, E value) {
            out.writeByte(byId.indexOf(value));
        }

        E read(ByteReader in) {
            int id = in.readUnsignedByte();
            if (id >= byId.size()) {
                throw in.malformed("unknown " + what + " " + id + " (known: 0 to " + (byId.size() - 1) + ")");
            }
            return byId.get(id);
        }
    }
}
