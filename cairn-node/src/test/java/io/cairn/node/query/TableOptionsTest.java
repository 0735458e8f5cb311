package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table options: what system_schema.tables shows (as Cassandra 5.0 shows it) and the options it refuses. */
class TableOptionsTest {

    private static final String COLUMNS = "additional_write_policy, allow_auto_snapshot, bloom_filter_fp_chance, "
            + "caching, cdc, comment, compaction, compression, crc_check_chance, dclocal_read_repair_chance, "
            + "default_time_to_live, extensions, flags, gc_grace_seconds, incremental_backups, max_index_interval, "
            + "memtable, memtable_flush_period_in_ms, min_index_interval, read_repair, read_repair_chance, "
            + "speculative_retry";

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    @AfterEach
    void stop() {
        node.close();
    }

    private List<String> tableRow(String table) {
        return node.rows("SELECT " + COLUMNS + " FROM system_schema.tables WHERE keyspace_name = 'ks' "
                + "AND table_name = '" + table + "'").get(0);
    }

    private void refused(String cql, String message) {
        assertThatThrownBy(() -> node.execute(cql)).as(cql).isInstanceOf(CqlException.class).hasMessage(message)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(ErrorCode.CONFIG_ERROR));
    }

    @Test
    void aDefaultTableShowsWhatCassandraShows() {
        node.execute("CREATE TABLE dflt (k int PRIMARY KEY, v text)");
        assertThat(tableRow("dflt")).containsExactly("'99p'", "null", "0.01",
                "{'keys': 'ALL', 'rows_per_partition': 'NONE'}", "null", "''",
                "{'class': 'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy', 'max_threshold': '32', "
                        + "'min_threshold': '4'}",
                "{'chunk_length_in_kb': '16', 'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}", "1.0",
                "0.0", "0", "{}", "{'compound'}", "864000", "null", "2048", "null", "0", "128", "'BLOCKING'", "0.0",
                "'99p'");
    }

    @Test
    void optionsAreShownNormalizedAsCassandraShowsThem() {
        node.execute("CREATE TABLE opts (k int, c int, v text, PRIMARY KEY (k, c)) WITH comment = 'hi' "
                + "AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '64'} "
                + "AND compression = {'class': 'LZ4Compressor', 'chunk_length_in_kb': '64'} "
                + "AND speculative_retry = '99PERCENTILE' AND additional_write_policy = '75PERCENTILE' "
                + "AND allow_auto_snapshot = false AND incremental_backups = false");
        List<String> row = tableRow("opts");
        assertThat(row.get(0)).isEqualTo("'75p'");
        assertThat(row.get(1)).isEqualTo("false");
        assertThat(row.get(6)).isEqualTo("{'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', "
                + "'max_threshold': '32', 'min_threshold': '4', 'sstable_size_in_mb': '64'}");
        assertThat(row.get(7)).isEqualTo("{'chunk_length_in_kb': '64', "
                + "'class': 'org.apache.cassandra.io.compress.LZ4Compressor'}");
        assertThat(row.get(14)).isEqualTo("false");
        assertThat(row.get(21)).isEqualTo("'99p'");
        node.execute("ALTER TABLE opts WITH speculative_retry = 'none' AND additional_write_policy = '50.5ms' "
                + "AND compaction = {'class': 'UnifiedCompactionStrategy'} AND compression = {'enabled': 'false'}");
        row = tableRow("opts");
        assertThat(row.get(21)).isEqualTo("'NEVER'");
        assertThat(row.get(0)).isEqualTo("'50ms'");
        assertThat(row.get(6)).isEqualTo("{'class': 'org.apache.cassandra.db.compaction.UnifiedCompactionStrategy'}");
        assertThat(row.get(7)).isEqualTo("{'enabled': 'false'}");
    }

    @Test
    void cachingShowsBothSubOptionsAndRefusesWhatCassandraRefuses() {
        node.execute("CREATE TABLE cached (k int PRIMARY KEY) WITH caching = {'keys': 'none'}");
        assertThat(tableRow("cached").get(3)).isEqualTo("{'keys': 'NONE', 'rows_per_partition': 'NONE'}");
        node.execute("ALTER TABLE cached WITH caching = {'rows_per_partition': '10'}");
        assertThat(tableRow("cached").get(3)).isEqualTo("{'keys': 'ALL', 'rows_per_partition': '10'}");
        refused("ALTER TABLE cached WITH caching = {'keys': 'SOME'}",
                "Invalid value 'SOME' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed");
        refused("ALTER TABLE cached WITH caching = {'rows_per_partition': 'many'}",
                "Invalid value 'many' for caching sub-option 'rows_per_partition': only 'ALL', 'NONE', and integer "
                        + "values are allowed");
        refused("ALTER TABLE cached WITH caching = {'rows': 'ALL'}",
                "Invalid caching sub-options [rows]: only 'keys' and 'rows_per_partition' are allowed");
    }

    @Test
    void unknownCompactionClassesAndSubOptionsAreConfigurationErrors() {
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'NoSuchStrategy'}",
                "Unable to find compaction strategy class 'org.apache.cassandra.db.compaction.NoSuchStrategy'");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'enabled': 'false'}",
                "Missing sub-option 'class' for the 'compaction' option");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'SizeTieredCompactionStrategy', "
                + "'foo': 'bar'}", "Properties specified [foo] are not understood by SizeTieredCompactionStrategy");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'LeveledCompactionStrategy', "
                + "'foo': 'bar'}", "Properties specified [foo] are not understood by LeveledCompactionStrategy");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'SizeTieredCompactionStrategy', "
                + "'min_threshold': '1'}", "Min compaction threshold cannot be less than 2 (got 1)");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'SizeTieredCompactionStrategy', "
                + "'min_threshold': 'abc'}",
                "Invalid value abc for 'min_threshold' compaction sub-option - must be an integer");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'SizeTieredCompactionStrategy', "
                + "'max_threshold': '2', 'min_threshold': '4'}",
                "Min compaction threshold (got 4) cannot be greater than max compaction threshold (got 2)");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compaction = {'class': 'SizeTieredCompactionStrategy', "
                + "'enabled': 'maybe'}", "enabled should either be 'true' or 'false', not maybe");
        node.execute("CREATE TABLE t (k int PRIMARY KEY)");
        refused("ALTER TABLE t WITH compaction = {'class': 'NoSuchStrategy'}",
                "Unable to find compaction strategy class 'org.apache.cassandra.db.compaction.NoSuchStrategy'");
    }

    @Test
    void unknownCompressionClassesAndSubOptionsAreConfigurationErrors() {
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': 'NoSuchCompressor'}",
                "Could not create Compression for type org.apache.cassandra.io.compress.NoSuchCompressor");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': 'LZ4Compressor', 'foo': 'bar'}",
                "Unknown compression options foo");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': 'LZ4Compressor', "
                + "'chunk_length_in_kb': '3'}", "chunk_length_in_kb must be a power of 2");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': 'LZ4Compressor', "
                + "'chunk_length_in_kb': 'x'}", "Invalid value for chunk_length_in_kb");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'chunk_length_in_kb': '16'}",
                "Missing sub-option 'class' for the 'compression' option.");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'enabled': 'false', 'class': 'NoSuch'}",
                "If the 'enabled' option is set to false no other options must be specified");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': ''}",
                "The 'class' option must not be empty. To disable compression use 'enabled' : false");
        refused("CREATE TABLE t (k int PRIMARY KEY) WITH compression = {'class': 'LZ4Compressor', "
                + "'lz4_compressor_type': 'bad'}", "Invalid compressor type 'bad' specified for LZ4 parameter "
                + "'lz4_compressor_type'. Valid options are [high, fast].");
        node.execute("CREATE TABLE t (k int PRIMARY KEY)");
        refused("ALTER TABLE t WITH compression = {'class': 'SnappyCompressor', 'foo': 'bar'}",
                "Unknown compression options foo");
    }
}
