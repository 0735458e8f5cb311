package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What replica messages share: the version byte, table names and lists of table mutations. */
final class ReplicaWire {

    /** The longest keyspace or table name: {@link TableId} allows 48 letters, digits or underscores. */
    static final int MAX_NAME_BYTES = 48;
    /** The smallest table mutation: two empty names and the smallest partition update. */
    private static final int MIN_TABLE_MUTATION_BYTES = 8 + 22;

    private ReplicaWire() {
    }

    static ByteWriter start() {
        return new ByteWriter(256).writeByte(ReplicaMessage.VERSION);
    }

    /** Reads a whole message: its version, its body, and nothing after. */
    static <T> T read(byte[] payload, String what, Function<ByteReader, T> body) {
        ByteReader in = new ByteReader(payload, what);
        in.readVersion(ReplicaMessage.VERSION);
        T message = body.apply(in);
        in.expectEnd();
        return message;
    }

    static void writeTable(ByteWriter out, TableId table) {
        out.writeString(table.keyspace());
        out.writeString(table.table());
    }

    static TableId readTable(ByteReader in) {
        String keyspace = in.readString(MAX_NAME_BYTES);
        String table = in.readString(MAX_NAME_BYTES);
        try {
            return new TableId(keyspace, table);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    static void writeMutations(ByteWriter out, List<TableMutation> mutations) {
        out.writeInt(mutations.size());
        for (TableMutation mutation : mutations) {
            writeTable(out, mutation.table());
            StorageSerializers.write(out, mutation.update());
        }
    }

    static List<TableMutation> readMutations(ByteReader in) {
        int count = in.readCount(MIN_TABLE_MUTATION_BYTES);
        List<TableMutation> mutations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mutations.add(new TableMutation(readTable(in), StorageSerializers.readUpdate(in)));
        }
        return mutations;
    }
}
