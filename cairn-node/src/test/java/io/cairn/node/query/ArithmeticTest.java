package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.FunctionFailureException;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import static io.cairn.cql.type.NativeType.BIGINT;
import static io.cairn.cql.type.NativeType.COUNTER;
import static io.cairn.cql.type.NativeType.DECIMAL;
import static io.cairn.cql.type.NativeType.DOUBLE;
import static io.cairn.cql.type.NativeType.FLOAT;
import static io.cairn.cql.type.NativeType.INT;
import static io.cairn.cql.type.NativeType.SMALLINT;
import static io.cairn.cql.type.NativeType.TINYINT;
import static io.cairn.cql.type.NativeType.VARINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Arithmetic, math and collection functions beyond what the differential suite records:
 * the result type of every pair of numeric types, operators with bind markers in prepared
 * statements, operators over aggregates per GROUP BY group, and the limits that keep a
 * function from exhausting the node.
 */
class ArithmeticTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, v bigint, de decimal, vi varint, PRIMARY KEY (k, c))");
        for (int k = 1; k <= 3; k++) {
            for (int c = 1; c <= 4; c++) {
                node.execute("INSERT INTO t (k, c, v) VALUES (" + k + ", " + c + ", " + (k * 100 + c * c) + ")");
            }
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void anOperationComputesInTheWiderTypeAndFloatsIfEitherOperandDoes() {
        List<NativeType> integral = List.of(TINYINT, SMALLINT, INT, BIGINT, VARINT);
        for (NativeType left : Operators.NUMERIC) {
            for (NativeType right : Operators.NUMERIC) {
                NativeType result = Operators.resultType(left, right);
                assertThat(Operators.resultType(right, left)).as("%s and %s", left, right).isEqualTo(result);
                boolean floating = List.of(FLOAT, DOUBLE, DECIMAL).contains(left)
                        || List.of(FLOAT, DOUBLE, DECIMAL).contains(right);
                assertThat(integral.contains(result)).as("%s and %s give %s", left, right, result)
                        .isEqualTo(!floating);
            }
        }
        assertThat(Operators.resultType(TINYINT, TINYINT)).isEqualTo(TINYINT);
        assertThat(Operators.resultType(INT, COUNTER)).isEqualTo(BIGINT);
        assertThat(Operators.resultType(INT, FLOAT)).isEqualTo(FLOAT);
        assertThat(Operators.resultType(BIGINT, FLOAT)).isEqualTo(DOUBLE);
        assertThat(Operators.resultType(VARINT, FLOAT)).isEqualTo(DECIMAL);
        assertThat(Operators.resultType(VARINT, BIGINT)).isEqualTo(VARINT);
    }

    @Test
    void boundValuesTakeTheTypeTheirHintGivesAndAreRefusedAsAmbiguousWithout() {
        node.execute("UPDATE t SET v = (bigint) ? * 2 + 1 WHERE k = ? AND c = 1",
                NativeType.BIGINT.decompose(21L), NativeType.INT.decompose(1));
        assertThat(node.rows("SELECT v, v - (bigint) ? FROM t WHERE k = 1 AND c = 1", BIGINT.decompose(40L)))
                .containsExactly(List.of("43", "3"));
        assertThatThrownBy(() -> node.execute("SELECT v + ? FROM t WHERE k = 1 AND c = 1", BIGINT.decompose(1L)))
                .isInstanceOf(CqlException.class)
                .hasMessage("Ambiguous '+' operation with args v and ?: use type hint to disambiguate, example '(int) ?'");
    }

    @Test
    void operatorsOverAggregatesApplyToEachGroupsAggregates() {
        assertThat(node.rows("SELECT k, count(*) + 1, max(v) - min(v), sum(v) / count(*) FROM t GROUP BY k"))
                .containsExactly(
                        List.of("1", "5", "15", "107"),
                        List.of("2", "5", "15", "207"),
                        List.of("3", "5", "15", "307"));
        assertThat(node.rows("SELECT count(*) * 10, c + 1 FROM t WHERE k = 2")).containsExactly(List.of("40", "2"));
    }

    @Test
    void aFailingOperationIsAFunctionFailureAndTheNodeGoesOnServing() {
        assertThatThrownBy(() -> node.execute("SELECT v / 0 FROM t WHERE k = 1"))
                .isInstanceOf(FunctionFailureException.class)
                .hasMessage("the operation 'bigint / int' failed: / by zero");
        assertThat(node.rows("SELECT v % 7 FROM t WHERE k = 1 AND c = 2")).containsExactly(List.of("6"));
    }

    @Test
    void expOfAHugeVarintOrDecimalIsRefusedInsteadOfExhaustingMemory() {
        node.execute("UPDATE t SET vi = 123456789012, de = 1e12 WHERE k = 1 AND c = 1");
        assertThatThrownBy(() -> node.execute("SELECT exp(vi) FROM t WHERE k = 1 AND c = 1"))
                .isInstanceOf(FunctionFailureException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> node.execute("SELECT exp(de) FROM t WHERE k = 1 AND c = 1"))
                .isInstanceOf(FunctionFailureException.class).hasMessageContaining("out of range");
        node.execute("UPDATE t SET vi = 1000 WHERE k = 1 AND c = 1");
        String exp = node.rows("SELECT exp(vi) FROM t WHERE k = 1 AND c = 1").get(0).get(0);
        // e^1000 = 1.97007...e434, to 32 significant digits.
        assertThat(exp).startsWith("19700711140170469938888793522433").hasSize(435);
        assertThat(new BigInteger(exp).toString().substring(32)).matches("0+");
    }

    @Test
    void nestedConstantsComputeInTheirOwnTypeAndDeepNestingResolvesInLinearTime() {
        node.execute("UPDATE t SET v = 100 + 100 + 1, vi = 1000 + 1 + 1 WHERE k = 1 AND c = 1");
        assertThat(node.rows("SELECT v, vi FROM t WHERE k = 1 AND c = 1")).containsExactly(List.of("201", "1002"));
        assertThat(node.rows("SELECT k FROM t WHERE k = 100 - 100 + 1 AND c = 1")).containsExactly(List.of("1"));
        // Each operand is tried against every overload's parameter: remembered, 40 levels take
        // 40 resolutions of each, not 3^40.
        String sum = "1" + " + 1".repeat(40);
        assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> node.execute("UPDATE t SET v = " + sum + " WHERE k = 1 AND c = 1"));
        assertThat(node.rows("SELECT v FROM t WHERE k = 1 AND c = 1")).containsExactly(List.of("41"));
    }

    @Test
    void unsetValuesAggregatesOfAggregatesAndOutOfRangeResultsAreRefused() {
        assertThatThrownBy(() -> node.execute("UPDATE t SET v = (bigint) ? + 1 WHERE k = 1 AND c = 1",
                QueryOptions.UNSET)).isInstanceOf(CqlException.class)
                .hasMessage("Invalid unset value for argument in call to function _add");
        assertThatThrownBy(() -> node.execute("SELECT max(count(*) + 1) FROM t")).isInstanceOf(CqlException.class)
                .hasMessage("aggregate functions cannot be used as arguments of aggregate functions");
        node.execute("UPDATE t SET de = 1e999999999 WHERE k = 1 AND c = 1");
        for (String operation : List.of("de / 3", "de % 7", "round(de)", "de + 1")) {
            assertThatThrownBy(() -> node.execute("SELECT " + operation + " FROM t WHERE k = 1 AND c = 1"))
                    .as(operation).isInstanceOf(FunctionFailureException.class).hasMessageContaining("out of range");
        }
        assertThatThrownBy(() -> node.execute("SELECT (date) '2020-01-01' + 6000000y FROM t WHERE k = 1 AND c = 1"))
                .isInstanceOf(FunctionFailureException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> node.execute("SELECT (timestamp) 9223372036854775000 + 1d FROM t WHERE k = 1 AND c = 1"))
                .isInstanceOf(FunctionFailureException.class);
        assertThat(node.rows("SELECT count(*) FROM t WHERE k = 1")).containsExactly(List.of("4"));
    }

    @Test
    void fromJsonTakesTheTypeOfTheParameterItIsPassedTo() {
        node.execute("UPDATE t SET v = blobAsBigint(fromJson('\"0x0000000000000007\"')) WHERE k = 1 AND c = 1");
        assertThat(node.rows("SELECT v FROM t WHERE k = 1 AND c = 1")).containsExactly(List.of("7"));
    }

    @Test
    void aDecimalQuotientHasThirtyTwoSignificantDigits() {
        node.execute("UPDATE t SET de = 2 WHERE k = 1 AND c = 1");
        assertThat(node.rows("SELECT de / 3, de / 4, de * 1.5 FROM t WHERE k = 1 AND c = 1"))
                .containsExactly(List.of("0.66666666666666666666666666666667", "0.5", "3.0"));
    }
}
