package io.cairn.storage.memory;

import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.ReconciliationProperties;

/** The reconciliation properties on the in-memory engine. */
class InMemoryReconciliationPropertiesTest extends ReconciliationProperties {

    @Override
    protected EngineFixture newFixture() {
        return new InMemoryFixture();
    }
}
