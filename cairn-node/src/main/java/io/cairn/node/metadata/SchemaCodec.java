package io.cairn.node.metadata;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaTables;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The schema inside log entries and snapshots, as the rows the node keeps it in: a keyspace is
 * written as its {@code system_schema} rows ({@link SchemaTables#rowsOf}) and read back by the
 * loader the node runs at start-up ({@link SchemaTables#keyspacesOf}). There is no second
 * description of the schema model to fall out of step with the first: whatever the rows carry
 * (columns, kinds, clustering order, types, options, dropped columns) this carries, and a
 * keyspace the rows cannot describe exactly would not survive a restart either.
 *
 * <p>Layout of a keyspace, per schema table in {@link SchemaTables#KEYSPACE_TABLES} order:
 * {@code [table name][int n][column name]*n [int rows]{[byte k]{[byte column index][bytes value]}*k}*rows},
 * column names ascending and each row's columns by ascending index; an absent value has no
 * entry. A schema is {@code [uuid version][int keyspaces][keyspace]*}, by ascending name.
 */
final class SchemaCodec {

    /** The most keyspaces of a schema. */
    static final int MAX_KEYSPACES = 16_384;
    /** The most distinct columns of one schema table (system_schema.tables has 27). */
    static final int MAX_SCHEMA_COLUMNS = 128;
    /** The longest schema column name. */
    static final int MAX_SCHEMA_COLUMN_NAME_BYTES = 64;
    /** The longest value of a schema row (a table's comment is the only long one). */
    static final int MAX_VALUE_BYTES = ByteReader.MAX_STRING_BYTES;
    /** The most tables of a keyspace: the loader adds them one at a time, copying the keyspace. */
    static final int MAX_TABLES_PER_KEYSPACE = 4_096;
    /** The most user types of a keyspace: resolving them in dependency order is quadratic. */
    static final int MAX_TYPES_PER_KEYSPACE = 512;
    /** The most rows of the other schema tables of a keyspace (its columns, its dropped columns). */
    static final int MAX_ROWS_PER_SCHEMA_TABLE = 65_536;

    private static final int UUID_BYTES = 16;

    private SchemaCodec() {
    }

    static void write(ByteWriter out, Schema schema) {
        MetadataWire.checkLimit(schema.keyspaces().size(), MAX_KEYSPACES, "keyspaces");
        out.writeUuid(schema.version());
        out.writeInt(schema.keyspaces().size());
        for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
            write(out, keyspace);
        }
    }

    static Schema readSchema(ByteReader in) {
        UUID version = in.readUuid();
        int count = in.readCount(1, MAX_KEYSPACES);
        Map<String, KeyspaceMetadata> keyspaces = new TreeMap<>();
        String previous = null;
        for (int i = 0; i < count; i++) {
            KeyspaceMetadata keyspace = readKeyspace(in);
            if (previous != null && keyspace.name().compareTo(previous) <= 0) {
                throw in.malformed("expected keyspaces in ascending order of name, found " + keyspace.name()
                        + " after " + previous);
            }
            keyspaces.put(keyspace.name(), keyspace);
            previous = keyspace.name();
        }
        // The version as the proposer's schema had it: nodes agree on it whatever digest they compute.
        return new Schema(keyspaces, version);
    }

    static void write(ByteWriter out, KeyspaceMetadata keyspace) {
        Map<String, List<Map<String, ByteBuffer>>> rows = SchemaTables.rowsOf(keyspace);
        if (rows.get("indexes").isEmpty()) {
            // A keyspace without secondary indexes is written as before they existed, which an
            // older node still reads.
            rows.remove("indexes");
        }
        out.writeByte(rows.size());
        for (Map.Entry<String, List<Map<String, ByteBuffer>>> table : rows.entrySet()) {
            MetadataWire.checkLimit(table.getValue().size(), maxRows(table.getKey()),
                    "rows of system_schema." + table.getKey() + " for keyspace " + keyspace.name());
            writeRows(out, table.getKey(), table.getValue());
        }
    }

    private static void writeRows(ByteWriter out, String table, List<Map<String, ByteBuffer>> rows) {
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(row -> names.addAll(row.keySet()));
        MetadataWire.checkLimit(names.size(), MAX_SCHEMA_COLUMNS, "columns of system_schema." + table);
        out.writeString(table);
        out.writeInt(names.size());
        names.forEach(out::writeString);
        List<String> byIndex = new ArrayList<>(names);
        out.writeInt(rows.size());
        for (Map<String, ByteBuffer> row : rows) {
            List<String> present = new ArrayList<>(new TreeSet<>(row.keySet()));
            present.removeIf(name -> row.get(name) == null);
            out.writeByte(present.size());
            for (String name : present) {
                out.writeByte(byIndex.indexOf(name));
                ByteBuffer value = row.get(name);
                byte[] bytes = new byte[value.remaining()];
                value.duplicate().get(bytes);
                MetadataWire.checkLimit(bytes.length, MAX_VALUE_BYTES, "bytes of system_schema." + table + "." + name);
                out.writeBytes(bytes);
            }
        }
    }

    static KeyspaceMetadata readKeyspace(ByteReader in) {
        int tables = in.readUnsignedByte();
        if (tables > SchemaTables.KEYSPACE_TABLES.size()) {
            throw in.malformed("expected at most " + SchemaTables.KEYSPACE_TABLES.size() + " schema tables, found "
                    + tables);
        }
        Map<String, List<Map<String, ByteBuffer>>> rows = new LinkedHashMap<>();
        int previous = -1;
        for (int i = 0; i < tables; i++) {
            String table = in.readString(MAX_SCHEMA_COLUMN_NAME_BYTES);
            int position = SchemaTables.KEYSPACE_TABLES.indexOf(table);
            if (position <= previous) {
                throw in.malformed(position < 0 ? "unknown schema table " + table
                        : "expected the schema tables in the order " + SchemaTables.KEYSPACE_TABLES + ", found "
                        + table + " out of place");
            }
            rows.put(table, readRows(in, maxRows(table)));
            previous = position;
        }
        return keyspaceOf(in, rows);
    }

    private static List<Map<String, ByteBuffer>> readRows(ByteReader in, int maxRows) {
        int nameCount = in.readCount(4, MAX_SCHEMA_COLUMNS);
        List<String> names = new ArrayList<>(nameCount);
        for (int i = 0; i < nameCount; i++) {
            String name = in.readString(MAX_SCHEMA_COLUMN_NAME_BYTES);
            if (!names.isEmpty() && name.compareTo(names.get(names.size() - 1)) <= 0) {
                throw in.malformed("expected schema column names in ascending order, found " + name + " after "
                        + names.get(names.size() - 1));
            }
            names.add(name);
        }
        int rowCount = in.readCount(1, maxRows);
        List<Map<String, ByteBuffer>> rows = new ArrayList<>(rowCount);
        for (int r = 0; r < rowCount; r++) {
            int present = in.readUnsignedByte();
            if (present > names.size()) {
                throw in.malformed("expected at most " + names.size() + " values in a schema row, found " + present);
            }
            Map<String, ByteBuffer> row = new HashMap<>();
            int previous = -1;
            for (int c = 0; c < present; c++) {
                int index = in.readUnsignedByte();
                if (index >= names.size() || index <= previous) {
                    throw in.malformed("expected a column index above " + previous + " and below " + names.size()
                            + ", found " + index);
                }
                row.put(names.get(index), ByteBuffer.wrap(in.readBytes(MAX_VALUE_BYTES)));
                previous = index;
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The one keyspace {@code rows} describe, with every row used: the loader leaves out rows it
     * cannot attach (a column of no table), which from the wire means the rows are corrupt.
     */
    private static KeyspaceMetadata keyspaceOf(ByteReader in, Map<String, List<Map<String, ByteBuffer>>> rows) {
        List<KeyspaceMetadata> loaded;
        try {
            loaded = SchemaTables.keyspacesOf(rows);
        } catch (RuntimeException e) {
            // The loader trusts the node's own rows; on rows from elsewhere anything it throws
            // (a value of the wrong size, a missing column, an unknown type) means corrupt input.
            throw in.malformed("schema rows that describe no keyspace (" + e + ")");
        }
        if (loaded.size() != 1) {
            throw in.malformed("expected the schema rows of one keyspace, found " + loaded.size() + " keyspaces");
        }
        KeyspaceMetadata keyspace = loaded.get(0);
        int columns = 0;
        int dropped = 0;
        for (TableMetadata table : keyspace.tables().values()) {
            columns += table.columns().size();
            dropped += table.droppedColumns().size();
        }
        checkUsed(in, keyspace, rows, "tables", keyspace.tables().size());
        checkUsed(in, keyspace, rows, "columns", columns);
        checkUsed(in, keyspace, rows, "dropped_columns", dropped);
        checkUsed(in, keyspace, rows, "types", keyspace.types().size());
        int indexes = 0;
        for (TableMetadata table : keyspace.tables().values()) {
            indexes += table.indexes().size();
        }
        checkUsed(in, keyspace, rows, "indexes", indexes);
        return keyspace;
    }

    private static void checkUsed(ByteReader in, KeyspaceMetadata keyspace,
                                  Map<String, List<Map<String, ByteBuffer>>> rows, String table, int loaded) {
        int written = rows.getOrDefault(table, List.of()).size();
        if (written != loaded) {
            throw in.malformed("keyspace " + keyspace.name() + " has " + written + " rows of system_schema." + table
                    + " but " + loaded + " of them describe it");
        }
    }

    private static int maxRows(String table) {
        return switch (table) {
            case "keyspaces" -> 1;
            case "tables" -> MAX_TABLES_PER_KEYSPACE;
            case "types" -> MAX_TYPES_PER_KEYSPACE;
            default -> MAX_ROWS_PER_SCHEMA_TABLE;
        };
    }
}
