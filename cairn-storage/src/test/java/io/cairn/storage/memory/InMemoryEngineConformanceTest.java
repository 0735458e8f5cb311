package io.cairn.storage.memory;

import io.cairn.storage.conformance.BadInputSuite;
import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.LifecycleSuite;
import io.cairn.storage.conformance.PurgeSuite;
import io.cairn.storage.conformance.UnrepairedSuite;
import io.cairn.storage.conformance.ReadSuite;
import io.cairn.storage.conformance.ReconciliationSuite;
import io.cairn.storage.conformance.ScanSuite;
import org.junit.jupiter.api.Nested;

/** The conformance suites on the in-memory engine. */
class InMemoryEngineConformanceTest {

    @Nested
    class Reconciliation extends ReconciliationSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class Reads extends ReadSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class Scans extends ScanSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class Lifecycle extends LifecycleSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class Purge extends PurgeSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class Unrepaired extends UnrepairedSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }

    @Nested
    class BadInput extends BadInputSuite {
        @Override
        protected EngineFixture newFixture() {
            return new InMemoryFixture();
        }
    }
}
