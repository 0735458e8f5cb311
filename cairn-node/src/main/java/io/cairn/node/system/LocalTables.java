package io.cairn.node.system;

import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Keeps {@code system.local} true: the node's identity, tokens and the current schema
 * version, which drivers read at connect and poll for schema agreement. The host id and
 * tokens are chosen on first start and kept across restarts.
 */
public final class LocalTables {

    private final StorageEngine storage;
    private final LocalNodeInfo info;
    private final UUID hostId;
    /** The node's tokens: chosen on first start, changed only by a move. */
    private volatile List<Long> tokens;

    private LocalTables(StorageEngine storage, LocalNodeInfo info, UUID hostId, List<Long> tokens) {
        this.storage = storage;
        this.info = info;
        this.hostId = hostId;
        this.tokens = List.copyOf(tokens);
    }

    /** Reads the kept host id and tokens, or chooses them from {@code random} on first start. */
    public static LocalTables open(StorageEngine storage, Schema schema, LocalNodeInfo info, RandomGenerator random,
                                   long nowSeconds) {
        return open(storage, schema, info, random, nowSeconds, () -> {
            TreeSet<Long> chosen = new TreeSet<>();
            while (chosen.size() < info.numTokens()) {
                chosen.add(random.nextLong());
            }
            return new ArrayList<>(chosen);
        });
    }

    /** Whether this node has chosen its tokens before (a restart, not a first start). */
    public static boolean hasTokens(StorageEngine storage, Schema schema, long nowSeconds) {
        return anyLocalRow(storage, schema, nowSeconds, row -> row.get("tokens") != null);
    }

    /** Whether this node has joined its cluster: tokens chosen and its data received. */
    public static boolean isBootstrapped(StorageEngine storage, Schema schema, long nowSeconds) {
        return anyLocalRow(storage, schema, nowSeconds, row -> row.get("tokens") != null
                && row.get("bootstrapped") != null && SchemaRows.text(row.get("bootstrapped")).equals(COMPLETED));
    }

    private static boolean anyLocalRow(StorageEngine storage, Schema schema, long nowSeconds,
                                       java.util.function.Predicate<Map<String, ByteBuffer>> test) {
        return SchemaRows.readAll(storage, schema.table(SystemKeyspaces.SYSTEM, "local"), nowSeconds).stream()
                .anyMatch(test);
    }

    private static final String COMPLETED = "COMPLETED";
    private static final String IN_PROGRESS = "IN_PROGRESS";

    private volatile boolean bootstrapped;

    /** Marks this node as joined (its data received); {@link #write} then records it. */
    public void setBootstrapped(boolean joined) {
        this.bootstrapped = joined;
    }

    /**
     * Reads the kept host id and tokens; on first start the host id comes from {@code random}
     * and the tokens from {@code chooseTokens} (which may look at the ring first).
     */
    public static LocalTables open(StorageEngine storage, Schema schema, LocalNodeInfo info, RandomGenerator random,
                                   long nowSeconds, java.util.function.Supplier<List<Long>> chooseTokens) {
        TableMetadata local = schema.table(SystemKeyspaces.SYSTEM, "local");
        UUID hostId = null;
        List<Long> tokens = new ArrayList<>();
        for (Map<String, ByteBuffer> row : SchemaRows.readAll(storage, local, nowSeconds)) {
            if (row.get("host_id") != null) {
                hostId = (UUID) NativeType.UUID.compose(row.get("host_id"));
            }
            if (row.get("tokens") != null) {
                for (ByteBuffer token : new SetType(NativeType.TEXT, true).unpack(row.get("tokens"))) {
                    tokens.add(Long.parseLong(SchemaRows.text(token)));
                }
            }
        }
        if (hostId == null) {
            hostId = new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                    random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
        }
        if (tokens.isEmpty()) {
            tokens.addAll(chooseTokens.get());
        }
        return new LocalTables(storage, info, hostId, tokens);
    }

    public UUID hostId() {
        return hostId;
    }

    public List<Long> tokens() {
        return tokens;
    }

    /**
     * The node has moved to {@code moved} (the cluster metadata log says so): they are its tokens
     * from now on, written with the next {@link #write}.
     */
    public void moveTo(java.util.Collection<Long> moved) {
        if (moved.isEmpty()) {
            throw new IllegalArgumentException("A node keeps at least one token");
        }
        tokens = List.copyOf(new TreeSet<>(moved));
    }

    /** The timestamp of the last write of the row; guarded by {@code this}. */
    private long lastWrittenMicros = Long.MIN_VALUE;

    /**
     * Writes the row of system.local for this schema version, at {@code timestampMicros} or just
     * after the last write, whichever is later: its tokens replace the ones written before.
     */
    public synchronized void write(Schema schema, long timestampMicros) {
        long micros = lastWrittenMicros == Long.MIN_VALUE ? timestampMicros
                : Math.max(timestampMicros, lastWrittenMicros + 1);
        lastWrittenMicros = micros;
        TableMetadata local = schema.table(SystemKeyspaces.SYSTEM, "local");
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("key", SchemaRows.text("local"));
        row.put("bootstrapped", SchemaRows.text(bootstrapped ? COMPLETED : IN_PROGRESS));
        row.put("broadcast_address", NativeType.INET.decompose(info.listenAddress()));
        row.put("broadcast_port", NativeType.INT.decompose(info.storagePort()));
        row.put("cluster_name", SchemaRows.text(info.clusterName()));
        row.put("cql_version", SchemaRows.text(LocalNodeInfo.CQL_VERSION));
        row.put("data_center", SchemaRows.text(info.dataCenter()));
        row.put("rack", SchemaRows.text(info.rack()));
        row.put("host_id", NativeType.UUID.decompose(hostId));
        row.put("listen_address", NativeType.INET.decompose(info.listenAddress()));
        row.put("listen_port", NativeType.INT.decompose(info.storagePort()));
        row.put("native_protocol_version", SchemaRows.text(LocalNodeInfo.NATIVE_PROTOCOL_VERSION));
        row.put("partitioner", SchemaRows.text(LocalNodeInfo.PARTITIONER));
        row.put("release_version", SchemaRows.text(LocalNodeInfo.RELEASE_VERSION));
        row.put("rpc_address", NativeType.INET.decompose(info.nativeAddress()));
        row.put("rpc_port", NativeType.INT.decompose(info.nativePort()));
        row.put("schema_version", NativeType.UUID.decompose(schema.version()));
        List<ByteBuffer> tokenTexts = new ArrayList<>();
        for (long token : tokens) {
            tokenTexts.add(SchemaRows.text(Long.toString(token)));
        }
        row.put("tokens", new SetType(NativeType.TEXT, false).pack(tokenTexts));
        storage.apply(local.tableId(), SchemaRows.row(local, row, micros, java.util.Set.of("tokens")));
    }
}
