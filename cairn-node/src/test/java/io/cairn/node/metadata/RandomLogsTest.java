package io.cairn.node.metadata;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The random logs other tests rely on are valid, repeatable, and hold every kind of entry. */
class RandomLogsTest {

    @Test
    void aLongLogAppliesEntryAfterEntryAndHoldsEveryKind() {
        List<LogEntry> log = RandomLogs.log(new Random(7), 3_000);

        List<ClusterMetadata> snapshots = RandomLogs.snapshots(RandomLogs.empty(), log);

        assertThat(snapshots).hasSize(3_000);
        assertThat(snapshots.get(2_999).epoch()).isEqualTo(Epoch.of(3_000));
        Set<Transformation.Kind> kinds = EnumSet.noneOf(Transformation.Kind.class);
        log.forEach(entry -> kinds.add(entry.transformation().kind()));
        assertThat(kinds).containsExactlyInAnyOrder(Transformation.Kind.values());
        assertThat(snapshots).anySatisfy(snapshot -> assertThat(snapshot.directory().inState(NodeState.LEFT))
                .isNotEmpty());
        assertThat(snapshots).anySatisfy(snapshot -> assertThat(snapshot.metadataReplicas()).hasSizeGreaterThan(1));
    }

    @Test
    void oneSeedGivesOneLog() {
        assertThat(RandomLogs.log(new Random(11), 300)).isEqualTo(RandomLogs.log(new Random(11), 300));
        assertThat(RandomLogs.log(new Random(11), 300)).isNotEqualTo(RandomLogs.log(new Random(12), 300));
    }
}
