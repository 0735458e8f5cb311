package io.cairn.node.metadata;

import io.cairn.common.wire.ByteWriter;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserType;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.TableMetadata;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.cairn.node.metadata.MetadataFixtures.id;
import static io.cairn.node.metadata.MetadataFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every node must read the log's entries and snapshots exactly as they were written: each
 * round trip gives back an equal value, the schema inside with all its parts.
 */
class MetadataSerializersTest {

    private static final List<MetadataSamples.Step> HISTORY = MetadataSamples.history();

    @Test
    void theHistoryHasEveryKindOfEntry() {
        Set<Transformation.Kind> kinds = HISTORY.stream().map(step -> step.entry().transformation().kind())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Transformation.Kind.class)));
        assertThat(kinds).containsExactlyInAnyOrder(Transformation.Kind.values());
    }

    @Test
    void everyEntryReadsBackEqual() {
        for (MetadataSamples.Step step : HISTORY) {
            Transformation transformation = step.entry().transformation();
            assertThat(MetadataSerializers.deserializeTransformation(MetadataSerializers.serialize(transformation)))
                    .as("%s", transformation.kind()).isEqualTo(transformation);
            assertThat(MetadataSerializers.deserializeEntry(MetadataSerializers.serialize(step.entry())))
                    .as("%s", step.entry()).isEqualTo(step.entry());
        }
    }

    @Test
    void everySnapshotOfTheHistoryReadsBackEqual() {
        ClusterMetadata empty = ClusterMetadata.empty("Test Cluster", new Schema(Map.of(), new UUID(0, 0)));
        assertThat(MetadataSerializers.deserializeSnapshot(MetadataSerializers.serialize(empty))).isEqualTo(empty);
        for (MetadataSamples.Step step : HISTORY) {
            ClusterMetadata snapshot = step.after();
            ClusterMetadata read = MetadataSerializers.deserializeSnapshot(MetadataSerializers.serialize(snapshot));
            assertThat(read).as("%s", snapshot).isEqualTo(snapshot);
            // The derived placements follow: the same plan for a token, mid-movement too.
            assertThat(read.planFor("shop", 2_345)).isEqualTo(snapshot.planFor("shop", 2_345));
        }
    }

    @Test
    void theSchemaInsideKeepsEveryTablePartAndTheSystemKeyspaces() {
        Schema schema = SchemaFixtures.rich().schema();
        Initialize initialize = new Initialize("c", node(1), MetadataFixtures.tokens(1), schema);
        Schema read = ((Initialize) MetadataSerializers.deserializeTransformation(
                MetadataSerializers.serialize(initialize))).schema();

        assertThat(read).isEqualTo(schema);
        assertThat(read.keyspaces().keySet()).contains("system", "system_schema", "shop", "scratch");
        TableMetadata orders = read.table("shop", "orders");
        assertThat(orders.clustering()).extracting(column -> column.name() + (column.isDescending() ? " DESC" : ""))
                .containsExactly("seq DESC", "total");
        assertThat(orders.droppedColumns().keySet()).containsExactlyInAnyOrder("tags", "note");
        assertThat(orders.column("tags").type().asCql()).isEqualTo("set<text>");
        assertThat(orders.params().comment()).isEqualTo("orders, by day");
        assertThat(orders.params().cdc()).isTrue();
        KeyspaceMetadata shop = read.keyspace("shop");
        assertThat(shop.types().keySet()).containsExactlyInAnyOrder("address", "person", "Empty");
        assertThat(shop.durableWrites()).isFalse();
        // Each table part is exactly what the node has, not merely present.
        for (TableMetadata table : schema.keyspace("shop").tables().values()) {
            assertThat(read.table("shop", table.name())).isEqualTo(table);
            assertThat(read.table("shop", table.name()).droppedColumns()).isEqualTo(table.droppedColumns());
        }
    }

    @Test
    void aSchemaKeepsItsVersionAsWritten() {
        Schema schema = SchemaFixtures.rich().schema();
        Schema placeholder = new Schema(schema.keyspaces(), new UUID(1, 2));
        Initialize initialize = new Initialize("c", node(1), MetadataFixtures.tokens(1), placeholder);

        Initialize read = (Initialize) MetadataSerializers.deserializeTransformation(
                MetadataSerializers.serialize(initialize));

        assertThat(read.schema().version()).isEqualTo(new UUID(1, 2));
    }

    @Test
    void theSameValueAlwaysHasTheSameBytes() {
        for (MetadataSamples.Step step : MetadataSamples.history()) {
            byte[] bytes = MetadataSerializers.serialize(step.after());
            assertThat(MetadataSerializers.serialize(MetadataSerializers.deserializeSnapshot(bytes))).isEqualTo(bytes);
        }
        List<MetadataSamples.Step> again = MetadataSamples.history();
        for (int i = 0; i < HISTORY.size(); i++) {
            assertThat(MetadataSerializers.serialize(again.get(i).entry()))
                    .isEqualTo(MetadataSerializers.serialize(HISTORY.get(i).entry()));
        }
    }

    @Test
    void anUnknownFormatVersionIsRefusedNamingIt() {
        byte[] bytes = MetadataSerializers.serialize(HISTORY.get(0).entry());
        bytes[0] = 2;

        assertThatThrownBy(() -> MetadataSerializers.deserializeEntry(bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("cluster metadata log entry").hasMessageContaining("expected version 1")
                .hasMessageContaining("found version 2");
    }

    @Test
    void anUnknownEntryKindIsRefusedNamingIt() {
        byte[] bytes = MetadataSerializers.serialize(new Unregister(id(3)));
        bytes[1] = 99;

        assertThatThrownBy(() -> MetadataSerializers.deserializeTransformation(bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown cluster metadata entry kind 99");
    }

    @Test
    void anEntryThatBreaksItsRecordsRulesIsMalformed() {
        // REGISTER of a node that claims to be joined: the record refuses it, the reader reports it.
        byte[] bytes = MetadataSerializers.serialize(new Register(node(2)));
        int state = bytes.length - 4 - "test".length() - 1;
        bytes[state] = 1;

        assertThatThrownBy(() -> MetadataSerializers.deserializeTransformation(bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("invalid REGISTER entry").hasMessageContaining("JOINED");
    }

    @Test
    void tokensOutOfOrderAreMalformed() {
        byte[] bytes = MetadataSerializers.serialize(new PrepareJoin(id(2), MetadataFixtures.tokens(5, 9)));
        byte[] swapped = Arrays.copyOf(bytes, bytes.length);
        System.arraycopy(bytes, bytes.length - 8, swapped, bytes.length - 16, 8);
        System.arraycopy(bytes, bytes.length - 16, swapped, bytes.length - 8, 8);

        assertThatThrownBy(() -> MetadataSerializers.deserializeTransformation(swapped))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected each token in ascending order, found 5 after 9");
    }

    @Test
    void aNodeMayOwnAtMostTheTokenLimitAndAHostileCountIsRefusedBeforeAllocating() {
        TreeSet<Long> most = LongStream.range(0, MetadataWire.MAX_TOKENS_PER_NODE).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        PrepareJoin largest = new PrepareJoin(id(2), most);
        assertThat(MetadataSerializers.deserializeTransformation(MetadataSerializers.serialize(largest)))
                .isEqualTo(largest);

        TreeSet<Long> tooMany = new TreeSet<>(most);
        tooMany.add(-1L);
        assertThatThrownBy(() -> MetadataSerializers.serialize(new PrepareJoin(id(2), tooMany)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot encode 16385 tokens of a node: the cluster metadata carries at most 16384");

        ByteWriter hostile = new ByteWriter().writeByte(MetadataSerializers.FORMAT_VERSION)
                .writeByte(Transformation.Kind.PREPARE_JOIN.id).writeUuid(new UUID(0, 2)).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> MetadataSerializers.deserializeTransformation(hostile.toByteArray()))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a count between 0 and 16384, found count 2147483647");
    }

    @Test
    void aKeyspaceOverTheTableLimitCannotBeProposed() {
        KeyspaceMetadata shop = SchemaFixtures.rich().keyspace("shop");
        TableMetadata model = shop.tables().get("hits");
        KeyspaceMetadata huge = shop;
        for (int i = 0; i <= SchemaCodec.MAX_TABLES_PER_KEYSPACE; i++) {
            huge = huge.withTable(new TableMetadata("shop", "t" + i, new UUID(0, i), model.columns(), model.params()));
        }
        AlterSchema alter = new AlterSchema(Epoch.FIRST, "shop", huge,
                SchemaChange.keyspace(SchemaChange.Change.UPDATED, "shop"));

        assertThatThrownBy(() -> MetadataSerializers.serialize(alter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows of system_schema.tables for keyspace shop")
                .hasMessageContaining("at most 4096");
    }

    @Test
    void aKeyspaceMayHoldTheMostTypesEvenChainedAgainstTheirNamesAndNoMore() {
        KeyspaceMetadata chained = SchemaFixtures.typeChain(SchemaCodec.MAX_TYPES_PER_KEYSPACE);
        AlterSchema most = new AlterSchema(Epoch.FIRST, "chain", chained, SchemaChange.type(
                SchemaChange.Change.CREATED, "chain", "t0"));
        assertThat(MetadataSerializers.deserializeTransformation(MetadataSerializers.serialize(most))).isEqualTo(most);

        KeyspaceMetadata tooMany = chained.withType(new UserType("chain", "extra", List.of("x"),
                List.of(NativeType.INT), false));
        AlterSchema refused = new AlterSchema(Epoch.FIRST, "chain", tooMany, most.change());
        assertThatThrownBy(() -> MetadataSerializers.serialize(refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot encode 513 rows of system_schema.types for keyspace chain: the cluster metadata"
                        + " carries at most 512");
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] bytes = MetadataSerializers.serialize(new PrepareLeave(id(4)));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

        assertThatThrownBy(() -> MetadataSerializers.deserializeTransformation(longer))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("1 byte trailing");
    }
}
