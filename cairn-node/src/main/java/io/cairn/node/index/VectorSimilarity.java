package io.cairn.node.index;

import io.github.jbellis.jvector.vector.VectorSimilarityFunction;

/**
 * The similarity functions of vector indexes (COSINE, DOT_PRODUCT, EUCLIDEAN), on vectors as
 * {@code vector<float, N>} serializes them: higher is nearer. They order vectors as Cassandra's
 * {@code similarity_cosine}, {@code similarity_dot_product} and {@code similarity_euclidean} do.
 */
public final class VectorSimilarity {

    /** What a query or a write of a zero vector is told when the index compares by cosine. */
    public static final String ZERO_VECTOR_REFUSAL =
            "Zero and near-zero vectors cannot be indexed or queried with cosine similarity";

    private VectorSimilarity() {
    }

    /** How similar vectors are to one query: higher is nearer; NaN for a zero vector under cosine. */
    public interface Scorer {
        float score(byte[] vector);
    }

    /** The scorer of serialized vectors against {@code query} (serialized) by {@code function}. */
    public static Scorer to(String function, byte[] query) {
        VectorSimilarityFunction similarity = VectorSimilarityFunction.valueOf(function);
        io.github.jbellis.jvector.vector.types.VectorFloat<?> target = VectorIndex.toFloats(query);
        return vector -> {
            if (vector.length != query.length) {
                throw new IllegalArgumentException("Vectors of " + vector.length + " and " + query.length + " bytes");
            }
            return similarity.compare(VectorIndex.toFloats(vector), target);
        };
    }

    /** How similar two serialized vectors of the same dimension are by {@code function}. */
    public static float compare(String function, byte[] left, byte[] right) {
        return to(function, right).score(left);
    }

    /** Whether {@code function} can compare {@code vector}: cosine cannot compare a zero vector. */
    public static boolean comparable(String function, byte[] vector) {
        return !"COSINE".equals(function) || !VectorIndex.isZero(vector);
    }
}
