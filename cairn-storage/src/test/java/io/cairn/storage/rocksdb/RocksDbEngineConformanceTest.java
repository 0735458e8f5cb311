package io.cairn.storage.rocksdb;

import io.cairn.storage.conformance.BadInputSuite;
import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.LifecycleSuite;
import io.cairn.storage.conformance.PurgeSuite;
import io.cairn.storage.conformance.UnrepairedSuite;
import io.cairn.storage.conformance.ReadSuite;
import io.cairn.storage.conformance.ReconciliationSuite;
import io.cairn.storage.conformance.ScanSuite;
import org.junit.jupiter.api.Nested;

/** The conformance suites on the RocksDB engine. */
class RocksDbEngineConformanceTest {

    @Nested
    class Reconciliation extends ReconciliationSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class Reads extends ReadSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class Scans extends ScanSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class Lifecycle extends LifecycleSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class Purge extends PurgeSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class Unrepaired extends UnrepairedSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }

    @Nested
    class BadInput extends BadInputSuite {
        @Override
        protected EngineFixture newFixture() {
            return new RocksDbFixture();
        }
    }
}
