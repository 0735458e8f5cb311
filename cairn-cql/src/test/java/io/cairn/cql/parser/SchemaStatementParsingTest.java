package io.cairn.cql.parser;

import io.cairn.cql.ast.AlterKeyspaceStatement;
import io.cairn.cql.ast.AlterTableAction;
import io.cairn.cql.ast.AlterTableStatement;
import io.cairn.cql.ast.AlterTypeAction;
import io.cairn.cql.ast.AlterTypeStatement;
import io.cairn.cql.ast.ClusteringOrder;
import io.cairn.cql.ast.ColumnDefinition;
import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.CreateIndexStatement;
import io.cairn.cql.ast.CreateKeyspaceStatement;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.CreateTypeStatement;
import io.cairn.cql.ast.DropIndexStatement;
import io.cairn.cql.ast.DropKeyspaceStatement;
import io.cairn.cql.ast.DropTableStatement;
import io.cairn.cql.ast.DropTypeStatement;
import io.cairn.cql.ast.FieldDefinition;
import io.cairn.cql.ast.IndexTarget;
import io.cairn.cql.ast.NativeTypeName;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.PrimaryKey;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Rename;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.TruncateStatement;
import io.cairn.cql.ast.UseStatement;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

class SchemaStatementParsingTest {

    private static final CqlTypeSyntax INT = new CqlTypeSyntax.NativeType(NativeTypeName.INT);
    private static final CqlTypeSyntax TEXT = new CqlTypeSyntax.NativeType(NativeTypeName.TEXT);

    private static OptionValue constant(Term.Literal literal) {
        return new OptionValue.Constant(literal);
    }

    private static OptionValue text(String value) {
        return constant(Term.Literal.string(value));
    }

    private static OptionValue number(String value) {
        return constant(Term.Literal.integer(value));
    }

    private static Map<String, OptionValue> ordered(Object... keysAndValues) {
        Map<String, OptionValue> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (OptionValue) keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void createKeyspaceKeepsReplicationAndDurableWrites() {
        CreateKeyspaceStatement create = parse("CREATE KEYSPACE IF NOT EXISTS Shop WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 3} AND durable_writes = false",
                CreateKeyspaceStatement.class);
        assertThat(create).isEqualTo(new CreateKeyspaceStatement("shop", true, ordered(
                "replication", new OptionValue.MapValue(ordered(
                        "class", text("SimpleStrategy"),
                        "replication_factor", number("3"))),
                "durable_writes", constant(Term.Literal.bool(false)))));
        assertThat(create.options().keySet()).containsExactly("replication", "durable_writes");
    }

    @Test
    void schemaIsASynonymOfKeyspace() {
        assertThat(parse("CREATE SCHEMA s WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}",
                CreateKeyspaceStatement.class).keyspace()).isEqualTo("s");
        assertThat(parse("DROP SCHEMA s", DropKeyspaceStatement.class).keyspace()).isEqualTo("s");
    }

    @Test
    void alterAndDropKeyspaceTakeIfExists() {
        assertThat(parse("ALTER KEYSPACE IF EXISTS \"Shop\" WITH durable_writes = true", AlterKeyspaceStatement.class))
                .isEqualTo(new AlterKeyspaceStatement("Shop", true, ordered("durable_writes",
                        constant(Term.Literal.bool(true)))));
        assertThat(parse("DROP KEYSPACE IF EXISTS shop", DropKeyspaceStatement.class))
                .isEqualTo(new DropKeyspaceStatement("shop", true));
        assertThat(parse("DROP KEYSPACE shop", DropKeyspaceStatement.class).ifExists()).isFalse();
    }

    @Test
    void keyspaceOptionsNeedWith() {
        syntaxError("CREATE KEYSPACE ks");
    }

    @Test
    void createTableWithACompositePartitionKeyAndClusteringOrder() {
        CreateTableStatement create = parse("CREATE TABLE IF NOT EXISTS ks.events ("
                + "tenant text, day date, at timestamp, id uuid, payload blob, owner text STATIC, "
                + "PRIMARY KEY ((tenant, day), at, id)) "
                + "WITH CLUSTERING ORDER BY (at DESC, id ASC) AND comment = 'events' "
                + "AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': 160} "
                + "AND gc_grace_seconds = 0", CreateTableStatement.class);
        assertThat(create.table()).isEqualTo(QualifiedName.of("ks", "events"));
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.columns()).containsExactly(
                new ColumnDefinition("tenant", TEXT, false),
                new ColumnDefinition("day", new CqlTypeSyntax.NativeType(NativeTypeName.DATE), false),
                new ColumnDefinition("at", new CqlTypeSyntax.NativeType(NativeTypeName.TIMESTAMP), false),
                new ColumnDefinition("id", new CqlTypeSyntax.NativeType(NativeTypeName.UUID), false),
                new ColumnDefinition("payload", new CqlTypeSyntax.NativeType(NativeTypeName.BLOB), false),
                new ColumnDefinition("owner", TEXT, true));
        assertThat(create.primaryKeys()).containsExactly(new PrimaryKey(List.of("tenant", "day"), List.of("at", "id")));
        assertThat(create.clusteringOrder()).containsExactly(new ClusteringOrder("at", true), new ClusteringOrder("id", false));
        assertThat(create.isCompactStorage()).isFalse();
        assertThat(create.options()).isEqualTo(ordered(
                "comment", text("events"),
                "compaction", new OptionValue.MapValue(ordered(
                        "class", text("LeveledCompactionStrategy"),
                        "sstable_size_in_mb", number("160"))),
                "gc_grace_seconds", number("0")));
    }

    @Test
    void anInlinePrimaryKeyIsASinglePartitionKeyColumn() {
        CreateTableStatement create = parse("CREATE TABLE t (k int PRIMARY KEY, v text)", CreateTableStatement.class);
        assertThat(create.primaryKeys()).containsExactly(new PrimaryKey(List.of("k"), List.of()));
        assertThat(parse("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))", CreateTableStatement.class).primaryKeys())
                .containsExactly(new PrimaryKey(List.of("k"), List.of("c")));
    }

    @Test
    void everyPrimaryKeyDeclarationIsKeptForTheAnalyzerToCount() {
        assertThat(parse("CREATE TABLE t (k int PRIMARY KEY, v int, PRIMARY KEY (v))", CreateTableStatement.class)
                .primaryKeys()).hasSize(2);
        assertThat(parse("CREATE TABLE t (k int, v int)", CreateTableStatement.class).primaryKeys()).isEmpty();
    }

    @Test
    void compactStorageIsMarkedAndColumnFamilyIsTable() {
        CreateTableStatement create = parse("CREATE COLUMNFAMILY t (k int PRIMARY KEY, v int) WITH COMPACT STORAGE",
                CreateTableStatement.class);
        assertThat(create.isCompactStorage()).isTrue();
        assertThat(create.options()).isEmpty();
    }

    @Test
    void aTrailingCommaInTheColumnListIsAccepted() {
        assertThat(parse("CREATE TABLE t (k int PRIMARY KEY, v int,)", CreateTableStatement.class).columns()).hasSize(2);
    }

    @Test
    void optionValuesTakeSignedNumbersNestedMapsAndBareWords() {
        CreateTableStatement create = parse("CREATE TABLE t (k int PRIMARY KEY) WITH caching = ALL AND "
                + "speculative_retry = '99p' AND crc_check_chance = 0.5 AND x = -1 AND y = "
                + "{'a': {'b': -2.5, 'c': true}, 3: 'three'}", CreateTableStatement.class);
        assertThat(create.options()).isEqualTo(ordered(
                "caching", new OptionValue.Keyword("ALL"),
                "speculative_retry", text("99p"),
                "crc_check_chance", constant(Term.Literal.floatingPoint("0.5")),
                "x", number("-1"),
                "y", new OptionValue.MapValue(ordered(
                        "a", new OptionValue.MapValue(ordered(
                                "b", constant(Term.Literal.floatingPoint("-2.5")),
                                "c", constant(Term.Literal.bool(true)))),
                        "3", text("three")))));
    }

    @Test
    void anOptionOrMapKeyGivenTwiceIsRejected() {
        assertThat(syntaxError("CREATE TABLE t (k int PRIMARY KEY) WITH comment = 'a' AND comment = 'b'").getMessage())
                .isEqualTo("line 1:58 Multiple definition for property comment");
        assertThat(syntaxError("CREATE KEYSPACE k WITH replication = {'class': 'x', 'class': 'y'}").getMessage())
                .isEqualTo("line 1:52 Multiple definition for property class");
    }

    @Test
    void bindMarkersAreNotOptionValues() {
        syntaxError("CREATE TABLE t (k int PRIMARY KEY) WITH comment = ?");
        syntaxError("CREATE KEYSPACE k WITH replication = {'class': ?}");
    }

    @Test
    void alterTableAddsOneOrManyColumns() {
        assertThat(parse("ALTER TABLE ks.t ADD v list<int> static", AlterTableStatement.class)).isEqualTo(
                new AlterTableStatement(QualifiedName.of("ks", "t"), false, new AlterTableAction.AddColumns(false,
                        List.of(new ColumnDefinition("v", new CqlTypeSyntax.ListType(INT), true)))));
        assertThat(parse("ALTER TABLE IF EXISTS t ADD IF NOT EXISTS (a int, b text STATIC)", AlterTableStatement.class))
                .isEqualTo(new AlterTableStatement(QualifiedName.of("t"), true, new AlterTableAction.AddColumns(true,
                        List.of(new ColumnDefinition("a", INT, false), new ColumnDefinition("b", TEXT, true)))));
    }

    @Test
    void alterTableDropsOneOrManyColumns() {
        assertThat(parse("ALTER TABLE t DROP v", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.DropColumns(false, List.of("v"), null));
        assertThat(parse("ALTER TABLE t DROP IF EXISTS (a, b) USING TIMESTAMP 1700000000000000", AlterTableStatement.class)
                .action()).isEqualTo(new AlterTableAction.DropColumns(true, List.of("a", "b"), 1_700_000_000_000_000L));
    }

    @Test
    void alterTableDropCompactStorageDiffersFromDroppingAColumnNamedCompact() {
        assertThat(parse("ALTER TABLE t DROP COMPACT STORAGE", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.DropCompactStorage());
        assertThat(parse("ALTER TABLE t DROP compact", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.DropColumns(false, List.of("compact"), null));
    }

    @Test
    void alterTableRenamesSeveralColumns() {
        assertThat(parse("ALTER TABLE t RENAME a TO b AND \"C\" TO d", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.RenameColumns(false, List.of(new Rename("a", "b"), new Rename("C", "d"))));
        assertThat(parse("ALTER TABLE t RENAME IF EXISTS a TO b", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.RenameColumns(true, List.of(new Rename("a", "b"))));
    }

    @Test
    void alterTableChangesOptionsOrTypes() {
        assertThat(parse("ALTER TABLE t WITH comment = 'x' AND default_time_to_live = 60", AlterTableStatement.class)
                .action()).isEqualTo(new AlterTableAction.AlterOptions(ordered("comment", text("x"),
                "default_time_to_live", number("60"))));
        assertThat(parse("ALTER TABLE t ALTER v TYPE text", AlterTableStatement.class).action())
                .isEqualTo(new AlterTableAction.AlterColumnType("v", TEXT));
    }

    @Test
    void dropTableAndTruncate() {
        assertThat(parse("DROP TABLE IF EXISTS ks.t", DropTableStatement.class))
                .isEqualTo(new DropTableStatement(QualifiedName.of("ks", "t"), true));
        assertThat(parse("DROP COLUMNFAMILY t", DropTableStatement.class).ifExists()).isFalse();
        assertThat(parse("TRUNCATE ks.t", TruncateStatement.class))
                .isEqualTo(new TruncateStatement(QualifiedName.of("ks", "t")));
        assertThat(parse("TRUNCATE TABLE t", TruncateStatement.class))
                .isEqualTo(new TruncateStatement(QualifiedName.of("t")));
    }

    @Test
    void useNamesAKeyspace() {
        assertThat(parse("USE shop", UseStatement.class)).isEqualTo(new UseStatement("shop"));
        assertThat(parse("USE \"Shop\"", UseStatement.class)).isEqualTo(new UseStatement("Shop"));
        assertThat(syntaxError("USE ?").getMessage()).isEqualTo("line 1:4 Bind variables cannot be used for keyspace names");
    }

    @Test
    void createTypeListsFieldsAndAcceptsATrailingComma() {
        CreateTypeStatement create = parse("CREATE TYPE IF NOT EXISTS ks.address (street text, \"Zip\" int, "
                + "phones frozen<list<text>>,)", CreateTypeStatement.class);
        assertThat(create).isEqualTo(new CreateTypeStatement(QualifiedName.of("ks", "address"), true, List.of(
                new FieldDefinition("street", TEXT),
                new FieldDefinition("Zip", INT),
                new FieldDefinition("phones", new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.ListType(TEXT))))));
    }

    @Test
    void alterTypeAddsRenamesAndRetypesFields() {
        assertThat(parse("ALTER TYPE address ADD IF NOT EXISTS country text", AlterTypeStatement.class)).isEqualTo(
                new AlterTypeStatement(QualifiedName.of("address"), false,
                        new AlterTypeAction.AddField(true, new FieldDefinition("country", TEXT))));
        assertThat(parse("ALTER TYPE IF EXISTS ks.address RENAME street TO line1 AND zip TO postcode",
                AlterTypeStatement.class)).isEqualTo(new AlterTypeStatement(QualifiedName.of("ks", "address"), true,
                new AlterTypeAction.RenameFields(false, List.of(new Rename("street", "line1"), new Rename("zip", "postcode")))));
        assertThat(parse("ALTER TYPE address ALTER zip TYPE text", AlterTypeStatement.class).action())
                .isEqualTo(new AlterTypeAction.AlterFieldType("zip", TEXT));
    }

    @Test
    void dropType() {
        assertThat(parse("DROP TYPE IF EXISTS ks.address", DropTypeStatement.class))
                .isEqualTo(new DropTypeStatement(QualifiedName.of("ks", "address"), true));
    }

    @Test
    void createIndexOnAColumnOrACollectionsParts() {
        assertThat(parse("CREATE INDEX ON t (v)", CreateIndexStatement.class)).isEqualTo(new CreateIndexStatement(
                null, QualifiedName.of("t"), List.of(new IndexTarget("v", IndexTarget.Kind.COLUMN)), false, null,
                Map.of(), false));
        assertThat(parse("CREATE INDEX IF NOT EXISTS by_key ON ks.t (KEYS(m))", CreateIndexStatement.class))
                .isEqualTo(new CreateIndexStatement("by_key", QualifiedName.of("ks", "t"),
                        List.of(new IndexTarget("m", IndexTarget.Kind.KEYS)), false, null, Map.of(), true));
        assertThat(parse("CREATE INDEX i ON t (values(l))", CreateIndexStatement.class).targets())
                .containsExactly(new IndexTarget("l", IndexTarget.Kind.VALUES));
        assertThat(parse("CREATE INDEX i ON t (entries(m))", CreateIndexStatement.class).targets())
                .containsExactly(new IndexTarget("m", IndexTarget.Kind.ENTRIES));
        assertThat(parse("CREATE INDEX i ON t (full(f))", CreateIndexStatement.class).targets())
                .containsExactly(new IndexTarget("f", IndexTarget.Kind.FULL));
        assertThat(parse("CREATE INDEX i ON t (keys)", CreateIndexStatement.class).targets())
                .containsExactly(new IndexTarget("keys", IndexTarget.Kind.COLUMN));
    }

    @Test
    void customIndexesNameTheirClassAndOptions() {
        CreateIndexStatement create = parse("CREATE CUSTOM INDEX ann ON ks.t (embedding) USING 'StorageAttachedIndex' "
                + "WITH OPTIONS = {'similarity_function': 'cosine'}", CreateIndexStatement.class);
        assertThat(create).isEqualTo(new CreateIndexStatement("ann", QualifiedName.of("ks", "t"),
                List.of(new IndexTarget("embedding", IndexTarget.Kind.COLUMN)), true, "StorageAttachedIndex",
                ordered("options", new OptionValue.MapValue(ordered("similarity_function", text("cosine")))), false));
    }

    @Test
    void dropIndexMayNameTheKeyspace() {
        assertThat(parse("DROP INDEX IF EXISTS ks.by_key", DropIndexStatement.class))
                .isEqualTo(new DropIndexStatement(QualifiedName.of("ks", "by_key"), true));
        assertThat(parse("DROP INDEX by_key", DropIndexStatement.class))
                .isEqualTo(new DropIndexStatement(QualifiedName.of("by_key"), false));
    }

    @Test
    void bindMarkersCannotNameSchemaObjects() {
        assertThat(syntaxError("DROP TABLE ks.?").getMessage())
                .isEqualTo("line 1:14 Bind variables cannot be used for table names");
        assertThat(syntaxError("CREATE INDEX ? ON t (v)").getMessage())
                .isEqualTo("line 1:13 Bind variables cannot be used for index names");
        assertThat(syntaxError("DROP KEYSPACE ?").getMessage())
                .isEqualTo("line 1:14 Bind variables cannot be used for keyspace names");
    }
}
