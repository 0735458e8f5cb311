package io.cairn.cql.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.parser.StatementParser;

/**
 * Fuzz target: the CQL parser takes any text a client sends. The only failure allowed is a
 * {@link CqlException} (a syntax or invalid-request error the client is answered with);
 * anything else, a hang or running out of memory is a bug. The seed corpus is replayed by
 * every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CqlParserFuzzTest {

    private final StatementParser parser = new StatementParser();

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void parsesAnyText(FuzzedDataProvider data) {
        String cql = data.consumeRemainingAsString();
        try {
            parser.parse(cql);
        } catch (CqlException answered) {
            // The client's error.
        }
    }
}
