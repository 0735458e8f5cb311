package io.cairn.node.metadata;

import io.cairn.storage.TableId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.cairn.node.metadata.MetadataFixtures.KEYSPACE;
import static io.cairn.node.metadata.MetadataFixtures.apply;
import static io.cairn.node.metadata.MetadataFixtures.cluster;
import static io.cairn.node.metadata.MetadataFixtures.id;
import static io.cairn.node.metadata.MetadataFixtures.node;
import static io.cairn.node.metadata.MetadataFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica serves a request planned at an older epoch only while that epoch's plan for the
 * request's token and table still holds. Three nodes at tokens 1000, 2000, 3000, RF 1, and a
 * fourth joining at 1500: its join changes the replicas of tokens 1001..1500 only.
 */
class EpochCheckTest {

    private static final TableId TABLE = new TableId(KEYSPACE, "t");
    private final Map<Epoch, ClusterMetadata> kept = new HashMap<>();

    private ClusterMetadata keep(ClusterMetadata metadata) {
        kept.put(metadata.epoch(), metadata);
        return metadata;
    }

    private EpochCheck.Verdict judge(ClusterMetadata local, Epoch planned, long token) {
        return EpochCheck.judge(local, epoch -> Optional.ofNullable(kept.get(epoch)), planned.value(), TABLE, token);
    }

    @Test
    void aRequestIsServedUntilThePlacementOfItsTokenChanges() {
        ClusterMetadata three = keep(cluster(3, 1));
        ClusterMetadata registered = keep(apply(three, new Register(node(4))));
        ClusterMetadata prepared = keep(apply(registered, new PrepareJoin(id(4), tokens(1500))));
        ClusterMetadata started = keep(apply(prepared, new AdvanceMovement(id(4), AdvanceMovement.To.STARTED)));

        assertThat(judge(started, started.epoch(), 1200)).isEqualTo(EpochCheck.Verdict.CURRENT);
        assertThat(judge(started, three.epoch(), 2500)).as("token 2500's replicas did not change")
                .isEqualTo(EpochCheck.Verdict.CURRENT);
        assertThat(judge(started, three.epoch(), 1200)).as("token 1200 is written to the joining node now")
                .isEqualTo(EpochCheck.Verdict.STALE);
        assertThat(judge(started, prepared.epoch(), 1200)).isEqualTo(EpochCheck.Verdict.STALE);
        assertThat(judge(prepared, started.epoch(), 1200)).as("the coordinator is ahead")
                .isEqualTo(EpochCheck.Verdict.AHEAD);
        assertThat(judge(started, Epoch.EMPTY, 1200)).as("an unknown epoch is served as before the log")
                .isEqualTo(EpochCheck.Verdict.CURRENT);
        assertThat(judge(registered, three.epoch(), 1200)).as("a registration moves no placement")
                .isEqualTo(EpochCheck.Verdict.CURRENT);
        kept.clear();
        assertThat(judge(started, three.epoch(), 2500)).as("too old to judge once forgotten")
                .isEqualTo(EpochCheck.Verdict.STALE);
    }

    @Test
    void aRequestPlannedBeforeItsTablesSchemaChangedIsStale() {
        ClusterMetadata three = keep(cluster(3, 1));
        io.cairn.node.schema.TableMetadata t = new io.cairn.node.schema.TableMetadata(KEYSPACE, "t",
                new java.util.UUID(1, 2), java.util.List.of(
                        new io.cairn.node.schema.ColumnMetadata("k", io.cairn.node.schema.ColumnKind.PARTITION_KEY, 0,
                                io.cairn.cql.type.NativeType.INT, false)), io.cairn.node.schema.TableParams.DEFAULTS);
        ClusterMetadata created = keep(apply(three, new AlterSchema(three.epoch(), KEYSPACE,
                three.schema().keyspace(KEYSPACE).withTable(t),
                io.cairn.node.schema.SchemaChange.table(io.cairn.node.schema.SchemaChange.Change.CREATED, KEYSPACE,
                        "t"))));
        ClusterMetadata later = keep(apply(created, new Register(node(4))));
        assertThat(judge(later, three.epoch(), 2500)).as("planned before the table existed")
                .isEqualTo(EpochCheck.Verdict.STALE);
        assertThat(judge(later, created.epoch(), 2500)).as("the table and the placements are as planned")
                .isEqualTo(EpochCheck.Verdict.CURRENT);
    }
}
