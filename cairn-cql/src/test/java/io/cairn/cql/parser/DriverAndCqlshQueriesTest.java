package io.cairn.cql.parser;

import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/** What the DataStax drivers, cqlsh and common tools send while connecting and working. */
class DriverAndCqlshQueriesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM system.local WHERE key='local'",
            "SELECT * FROM system.local",
            "SELECT * FROM system.peers",
            "SELECT * FROM system.peers_v2",
            "SELECT peer, rpc_address, schema_version FROM system.peers",
            "SELECT schema_version FROM system.local WHERE key='local'",
            "SELECT cluster_name, release_version, cql_version, partitioner, data_center, rack, host_id, tokens "
                    + "FROM system.local WHERE key='local'",
            "SELECT * FROM system_schema.keyspaces",
            "SELECT * FROM system_schema.tables",
            "SELECT * FROM system_schema.columns",
            "SELECT * FROM system_schema.types",
            "SELECT * FROM system_schema.functions",
            "SELECT * FROM system_schema.aggregates",
            "SELECT * FROM system_schema.indexes",
            "SELECT * FROM system_schema.views",
            "SELECT * FROM system_schema.triggers",
            "SELECT * FROM system_virtual_schema.keyspaces",
            "SELECT * FROM system_virtual_schema.tables",
            "SELECT * FROM system_virtual_schema.columns",
            "SELECT keyspace_name, table_name FROM system_schema.tables WHERE keyspace_name = ?",
            "SELECT * FROM system_schema.columns WHERE keyspace_name = 'shop' AND table_name = 'orders'",
            "SELECT * FROM system_schema.keyspaces WHERE keyspace_name = 'shop'",
            "SELECT * FROM system.size_estimates WHERE keyspace_name = ? AND table_name = ?",
            "SELECT range_start, range_end, partitions_count, mean_partition_size FROM system.size_estimates "
                    + "WHERE keyspace_name = ? AND table_name = ?",
            "SELECT now() FROM system.local",
            "SELECT release_version FROM system.local",
            "select * from system.local where key = 'local';",
            "USE \"MyKeyspace\"",
            "USE shop;",
            "SELECT count(*) FROM shop.orders",
            "SELECT token(id), id FROM shop.orders WHERE token(id) > ? AND token(id) <= ? LIMIT 5000",
            "SELECT JSON * FROM shop.orders WHERE id = ?",
            "INSERT INTO shop.orders (id, placed, items) VALUES (uuid(), toTimestamp(now()), {'apple': 2})",
            "UPDATE shop.counters SET hits = hits + 1 WHERE page = '/home'",
            "DELETE FROM shop.orders WHERE id = ? IF EXISTS",
            "SELECT * FROM system_traces.sessions WHERE session_id = ?",
            "SELECT * FROM system_traces.events WHERE session_id = ?",
            "SELECT * FROM system_auth.roles WHERE role = 'cassandra'",
            "SELECT writetime(v), ttl(v) FROM ks.t WHERE k = 1",
    })
    void driverAndToolQueriesParse(String cql) {
        Statement statement = parse(cql, Statement.class);
        assertThat(statement).isNotNull();
        assertThat(parsed(cql).query()).isEqualTo(cql);
    }

    @Test
    void theDriversMetadataQueryNamesItsTableAndOneMarker() {
        ParsedStatement parsed = parsed("SELECT keyspace_name, table_name FROM system_schema.tables WHERE keyspace_name = ?");
        SelectStatement select = (SelectStatement) parsed.statement();
        assertThat(select.table()).isEqualTo(QualifiedName.of("system_schema", "tables"));
        assertThat(parsed.bindMarkerCount()).isEqualTo(1);
    }

    @Test
    void theLocalKeyIsAnUnreservedKeywordColumn() {
        SelectStatement select = parse("SELECT * FROM system.local WHERE key='local'", SelectStatement.class);
        assertThat(select.where()).containsExactly(new io.cairn.cql.ast.Relation.Comparison("key",
                io.cairn.cql.ast.ComparisonOperator.EQ, Parsing.string("local")));
    }
}
