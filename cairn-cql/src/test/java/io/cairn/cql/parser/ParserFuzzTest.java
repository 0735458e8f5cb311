package io.cairn.cql.parser;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the text, the parser either returns a statement or throws a SYNTAX_ERROR: never
 * another exception, never a stack overflow. Inputs are bounded in length, so a try that
 * does not end in time would show as a slow build rather than a flaky timing assertion.
 */
class ParserFuzzTest {

    private static final StatementParser PARSER = new StatementParser();
    private static final int MAX_CHARS = 400;

    /** Valid statements of every kind, mutated by {@link #mutatedStatements()}. */
    private static final List<String> CORPUS = List.of(
            "SELECT * FROM system.local WHERE key = 'local'",
            "SELECT JSON DISTINCT a AS x, b FROM ks.t WHERE a = 1 GROUP BY a ORDER BY b DESC PER PARTITION LIMIT 2 "
                    + "LIMIT 10 ALLOW FILTERING",
            "SELECT count(*), writetime(v), ttl(m['k']), CAST(a AS text), token(a, b), l[1..2], u.f.g, -a + b * 2 "
                    + "FROM t WHERE (a, b) > (1, 2) AND c IN ? AND token(a) > token(?) AND s CONTAINS KEY 'k'",
            "SELECT (int) ?, [a, b], {a: b}, {a, b}, (a, b), f(g(h(1))) FROM t WHERE m['x'] = 1 AND t LIKE 'a%' "
                    + "AND u IS NOT NULL AND (c, d) IN ((1, 2), (3, 4))",
            "SELECT * FROM t ORDER BY v ANN OF [1.0, 2.0, 3.0] LIMIT 5",
            "INSERT INTO ks.t (k, v, l, m, s, u) VALUES (?, 'it''s', [1, 2], {'a': 1}, {1.5, -2e3}, {f: 0xCAFE}) "
                    + "IF NOT EXISTS USING TTL 60 AND TIMESTAMP :ts",
            "INSERT INTO t JSON '{\"k\": 1}' DEFAULT UNSET IF NOT EXISTS",
            "INSERT INTO t (a, b, c, d) VALUES (now(), toTimestamp(now()), (int) -3, $$dollar 'string'$$)",
            "INSERT INTO t (d, u, n, i) VALUES (1h30m, 123e4567-e89b-12d3-a456-426614174000, NaN, -Infinity)",
            "UPDATE t USING TTL ? SET c = c + 1, l = [0] + l, m['k'] = 'v', u.f = 1, s -= {2} WHERE k = ? IF a = 1 "
                    + "AND m['k'] IN (1, 2) AND u.f > 3",
            "UPDATE counters SET hits = hits - 1 WHERE page = '/' IF EXISTS",
            "DELETE a, m['k'], u.f FROM t USING TIMESTAMP 123 WHERE k = 1 AND c >= 2 IF EXISTS",
            "BEGIN UNLOGGED BATCH USING TIMESTAMP 1 INSERT INTO t (k) VALUES (1); UPDATE t SET v = 2 WHERE k = 1; "
                    + "DELETE FROM t WHERE k = 3; APPLY BATCH",
            "BEGIN COUNTER BATCH UPDATE c SET n = n + 1 WHERE k = 1 APPLY BATCH",
            "CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3} "
                    + "AND durable_writes = true",
            "ALTER KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}",
            "DROP KEYSPACE IF EXISTS shop",
            "CREATE TABLE IF NOT EXISTS ks.t (k int, c text, v frozen<list<map<text, int>>> STATIC, "
                    + "w vector<float, 3>, x tuple<int, 'org.Foo'>, PRIMARY KEY ((k), c)) WITH CLUSTERING ORDER BY "
                    + "(c DESC) AND comment = 'x' AND compaction = {'class': 'LCS', 'opts': {'a': -1}} AND COMPACT STORAGE",
            "ALTER TABLE t ADD (a int, b set<text> static)",
            "ALTER TABLE t DROP IF EXISTS (a, b) USING TIMESTAMP 10",
            "ALTER TABLE t RENAME a TO b AND c TO d",
            "ALTER TABLE t WITH gc_grace_seconds = 0 AND caching = ALL",
            "DROP TABLE IF EXISTS ks.t",
            "TRUNCATE TABLE ks.t",
            "USE \"MyKeyspace\"",
            "CREATE TYPE IF NOT EXISTS ks.address (street text, zip int, phones frozen<set<text>>)",
            "ALTER TYPE address RENAME street TO line1 AND zip TO postcode",
            "DROP TYPE IF EXISTS ks.address",
            "CREATE CUSTOM INDEX IF NOT EXISTS idx ON ks.t (keys(m)) USING 'StorageAttachedIndex' "
                    + "WITH OPTIONS = {'similarity_function': 'cosine'}",
            "DROP INDEX IF EXISTS ks.idx",
            "CREATE MATERIALIZED VIEW v AS SELECT * FROM t WHERE a IS NOT NULL PRIMARY KEY (a)",
            "CREATE OR REPLACE FUNCTION f(a int) CALLED ON NULL INPUT RETURNS int LANGUAGE java AS $$ return a; $$",
            "GRANT SELECT ON KEYSPACE ks TO alice",
            "LIST ROLES OF alice NORECURSIVE",
            "-- comment\nSELECT /* inline */ a // trailing\nFROM t;");

    /** Tokens that stress the grammar when inserted anywhere. */
    private static final List<String> STRESS_TOKENS = List.of(
            "(", ")", "[", "]", "{", "}", "<", ">", "'", "\"", "$$", "/*", "*/", "--", "//", "?", ":", ":x", ",",
            ";", ".", "..", "-", "+", "*", "/", "%", "=", "!=", "+=", "-=", "<=", ">=", "frozen<", "list<", "map<",
            "SELECT", "FROM", "WHERE", "AND", "IN", "IF", "NOT", "EXISTS", "NULL", "KEY", "CONTAINS", "TOKEN",
            "BEGIN", "APPLY", "BATCH", "USING", "TTL", "CAST", "AS", "JSON", "DISTINCT", "STATIC", "PRIMARY",
            "1", "-1", "1.5", "1e", "0x", "0xZ", "P1D", "p1d", "1h", "NaN", "true", "''", "\"\"", "\u00b5", "#",
            "\u0000", "\uD83D\uDE00", "\n", "\t");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s+|[A-Za-z_][A-Za-z0-9_]*|\\d+(?:\\.\\d+)?|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\\$\\$.*?\\$\\$"
                    + "|[(){}\\[\\]<>,;.:?=+\\-*/%!]|.", Pattern.DOTALL);

    @Example
    void everyCorpusStatementParsesTheSameTwice() {
        for (String cql : CORPUS) {
            ParsedStatement first = PARSER.parse(cql);
            assertThat(PARSER.parse(cql)).as(cql).isEqualTo(first);
        }
    }

    @Property(tries = 1_500)
    void randomTextEitherParsesOrIsASyntaxError(@ForAll("randomText") String text) {
        assertParsesOrIsASyntaxError(text);
    }

    @Property(tries = 2_500)
    void mutatedStatementsEitherParseOrAreSyntaxErrors(@ForAll("mutatedStatements") String text) {
        assertParsesOrIsASyntaxError(text);
    }

    @Property(tries = 300)
    void mutatedScriptsEitherParseOrAreSyntaxErrors(@ForAll("mutatedScripts") String script) {
        try {
            PARSER.parseScript(script);
        } catch (CqlException e) {
            assertIsASyntaxError(e);
        }
    }

    /** Also reports how many tries parsed, in jqwik's statistics, to show the mutations bite. */
    private static void assertParsesOrIsASyntaxError(String text) {
        try {
            ParsedStatement parsed = PARSER.parse(text);
            assertThat(parsed.query()).isEqualTo(text);
            Statistics.collect("parsed");
        } catch (CqlException e) {
            assertIsASyntaxError(e);
            Statistics.collect(e.getMessage().contains("nested too deeply") ? "too deep" : "syntax error");
        }
    }

    private static void assertIsASyntaxError(CqlException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Provide
    Arbitrary<String> randomText() {
        Arbitrary<String> anyCharacters = Arbitraries.strings().ofMaxLength(MAX_CHARS);
        Arbitrary<String> cqlCharacters = Arbitraries.strings()
                .withChars("()[]{}<>'\"$-/*+%=!?:;,.~@#&|^\\ \n\t")
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMaxLength(MAX_CHARS);
        Arbitrary<String> cqlTokens = Arbitraries.of(STRESS_TOKENS).list().ofMaxSize(60)
                .map(tokens -> String.join(" ", tokens));
        return Arbitraries.oneOf(anyCharacters, cqlCharacters, cqlTokens).map(ParserFuzzTest::bounded);
    }

    @Provide
    Arbitrary<String> mutatedStatements() {
        return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.integers().between(1, 5), Arbitraries.randoms())
                .as(ParserFuzzTest::mutate);
    }

    @Provide
    Arbitrary<String> mutatedScripts() {
        return mutatedStatements().list().ofMinSize(1).ofMaxSize(4).map(statements -> String.join(";\n", statements));
    }

    /** {@code statement} after {@code count} random edits of its tokens or characters. */
    private static String mutate(String statement, int count, Random random) {
        List<String> tokens = tokens(statement);
        for (int i = 0; i < count; i++) {
            if (tokens.isEmpty()) {
                tokens.add(randomToken(random, tokens));
                continue;
            }
            int at = random.nextInt(tokens.size());
            switch (random.nextInt(8)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, randomToken(random, tokens));
                case 2 -> tokens.add(at, tokens.get(at));
                case 3 -> {
                    int other = random.nextInt(tokens.size());
                    String moved = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, moved);
                }
                case 4 -> tokens.set(at, randomToken(random, tokens));
                case 5 -> tokens.set(at, editCharacter(tokens.get(at), random));
                case 6 -> {
                    int end = Math.min(tokens.size(), at + 1 + random.nextInt(6));
                    tokens.addAll(random.nextInt(tokens.size() + 1), new ArrayList<>(tokens.subList(at, end)));
                }
                default -> {
                    int end = Math.min(tokens.size(), at + 1 + random.nextInt(4));
                    tokens.subList(at, end).clear();
                }
            }
        }
        return bounded(String.join("", tokens));
    }

    private static String randomToken(Random random, List<String> statementTokens) {
        if (!statementTokens.isEmpty() && random.nextBoolean()) {
            return statementTokens.get(random.nextInt(statementTokens.size()));
        }
        return STRESS_TOKENS.get(random.nextInt(STRESS_TOKENS.size()));
    }

    private static String editCharacter(String token, Random random) {
        StringBuilder edited = new StringBuilder(token);
        int at = random.nextInt(edited.length() + 1);
        char character = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
        switch (random.nextInt(3)) {
            case 0 -> edited.insert(at, character);
            case 1 -> {
                if (at < edited.length()) {
                    edited.deleteCharAt(at);
                }
            }
            default -> {
                if (at < edited.length()) {
                    edited.setCharAt(at, character);
                }
            }
        }
        return edited.toString();
    }

    private static List<String> tokens(String statement) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(statement);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private static String bounded(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS);
    }
}
