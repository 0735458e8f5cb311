package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.VectorType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The similarity functions of float vectors: Cassandra's formulas, how their arguments are
 * typed (columns, vector literals, bind markers, null), and what they refuse.
 */
class VectorFunctionsTest {

    private static final VectorType THREE_FLOATS = new VectorType(NativeType.FLOAT, 3);

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 3>, i vector<int, 3>)");
        node.execute("INSERT INTO t (k, v, i) VALUES (1, [3.0, 0.0, 4.0], [1, 2, 3])");
        node.execute("INSERT INTO t (k, v) VALUES (2, [1.0, 2.5, 3.0])");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static ByteBuffer vector(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length);
        for (float value : values) {
            out.putFloat(value);
        }
        return out.flip();
    }

    @Test
    void theFormulasAreCassandras() {
        float[] a = {3f, 0f, 4f};
        float[] b = {1f, 0f, 0f};
        assertThat(VectorFunctions.cosine(a, b)).isEqualTo(0.6f);
        assertThat(VectorFunctions.squareDistance(a, b)).isEqualTo(20f);
        assertThat(VectorFunctions.dotProduct(a, b)).isEqualTo(3f);
        assertThat(node.rows("SELECT similarity_cosine(v, [1.0, 0.0, 0.0]), similarity_euclidean(v, [1.0, 0.0, 0.0]), "
                + "similarity_dot_product(v, [1.0, 0.0, 0.0]) FROM t WHERE k = 1"))
                .containsExactly(List.of("0.8", "0.04761905", "2.0"));
    }

    @Test
    void aBoundVectorTakesTheColumnsTypeAndNullGivesNull() {
        assertThat(node.rows("SELECT similarity_dot_product(?, v) FROM t WHERE k = 1", vector(0f, 0f, 1f)))
                .containsExactly(List.of("2.5"));
        assertThat(node.rows("SELECT similarity_cosine(v, null) FROM t WHERE k = 1")).containsExactly(
                List.of("null"));
        assertThat(node.rows("SELECT similarity_cosine([1.0, 0.0], [1.0, 0.0]) FROM t WHERE k = 1"))
                .containsExactly(List.of("1.0"));
    }

    @Test
    void argumentsThatAreNotFloatVectorsOfOneDimensionAreRefused() {
        assertThatThrownBy(() -> node.execute("SELECT similarity_cosine(v, [1.0, 0.0]) FROM t"))
                .isInstanceOf(CqlException.class).hasMessage("All arguments must have the same vector dimensions");
        assertThatThrownBy(() -> node.execute("SELECT similarity_cosine(i, i) FROM t"))
                .isInstanceOf(CqlException.class).hasMessage("Function system.similarity_cosine requires a float "
                        + "vector argument, but found argument i of type vector<int, 3>");
        assertThatThrownBy(() -> node.execute("SELECT similarity_euclidean(?, ?) FROM t"))
                .isInstanceOf(CqlException.class).hasMessage("Cannot infer type of argument ? in call to function "
                        + "system.similarity_euclidean(vector<float, n>, vector<float, n>): use type casts to "
                        + "disambiguate");
        assertThatThrownBy(() -> node.execute("SELECT similarity_cosine(v) FROM t"))
                .isInstanceOf(CqlException.class).hasMessage("Invalid number of arguments for function "
                        + "system.similarity_cosine(vector<float, n>, vector<float, n>)");
        assertThatThrownBy(() -> node.execute("SELECT similarity_cosine(v, ['a', 'b', 'c']) FROM t"))
                .isInstanceOf(CqlException.class).hasMessage("Type error: ['a', 'b', 'c'] cannot be passed as "
                        + "argument 1 of function system.similarity_cosine of type vector<float, 3>");
    }

    @Test
    void cosineRefusesAllZeroVectorsWhereTheOthersAnswer() {
        assertThatThrownBy(() -> node.execute("SELECT similarity_cosine(v, [0.0, 0.0, 0.0]) FROM t WHERE k = 1"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Function system.similarity_cosine doesn't support all-zero vectors.");
        assertThat(node.rows("SELECT similarity_euclidean(v, [0.0, 0.0, 0.0]), similarity_dot_product(v, "
                + "[0.0, 0.0, 0.0]) FROM t WHERE k = 1")).containsExactly(List.of("0.03846154", "0.5"));
    }

    @Test
    void theFunctionTakesTheVectorTypeItIsGiven() {
        ScalarFunction function = VectorFunctions.similarity("similarity_cosine", THREE_FLOATS);
        assertThat(function.argumentTypes()).containsExactly(THREE_FLOATS, THREE_FLOATS);
        assertThat(function.returnType()).isEqualTo(NativeType.FLOAT);
    }
}
