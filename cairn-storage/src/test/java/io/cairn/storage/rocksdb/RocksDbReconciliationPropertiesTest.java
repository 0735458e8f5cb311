package io.cairn.storage.rocksdb;

import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.ReconciliationProperties;

/** The reconciliation properties on the RocksDB engine. */
class RocksDbReconciliationPropertiesTest extends ReconciliationProperties {

    @Override
    protected EngineFixture newFixture() {
        return new RocksDbFixture();
    }
}
