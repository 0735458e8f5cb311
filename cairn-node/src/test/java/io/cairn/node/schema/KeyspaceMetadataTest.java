package io.cairn.node.schema;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KeyspaceMetadataTest {

    private static KeyspaceMetadata keyspace(Map<String, String> replication) {
        return new KeyspaceMetadata("ks", true, replication, Map.of(), Map.of());
    }

    @Test
    void simpleStrategyHasOneFactorWhateverTheDataCenter() {
        KeyspaceMetadata simple = keyspace(Map.of("class", "org.apache.cassandra.locator.SimpleStrategy",
                "replication_factor", "3"));

        assertThat(simple.replicationFactor(null)).isEqualTo(3);
        assertThat(simple.replicationFactor("dc2")).isEqualTo(3);
    }

    @Test
    void networkTopologyStrategyCountsEachDataCenterAndTheirSumInTotal() {
        KeyspaceMetadata perDataCenter = keyspace(Map.of("class",
                "org.apache.cassandra.locator.NetworkTopologyStrategy", "dc1", "3", "dc2", " 2"));

        assertThat(perDataCenter.replicationFactor("dc1")).isEqualTo(3);
        assertThat(perDataCenter.replicationFactor("dc2")).isEqualTo(2);
        assertThat(perDataCenter.replicationFactor("dc3")).as("a data center it does not name").isZero();
        assertThat(perDataCenter.replicationFactor(null)).isEqualTo(5);
    }
}
