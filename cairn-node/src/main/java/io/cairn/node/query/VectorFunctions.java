package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.VectorType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Cassandra 5.0's similarity functions of two float vectors of one dimension, each giving a
 * float in [0, 1] where 1 is most similar (jvector's VectorSimilarityFunction, in float
 * arithmetic): {@code similarity_cosine} is (1 + cosine) / 2 and refuses an all-zero vector,
 * {@code similarity_euclidean} is 1 / (1 + the squared distance), {@code similarity_dot_product}
 * is (1 + the dot product) / 2. The vector type comes from the arguments as they are called
 * (Selection types them); a null argument gives null.
 */
final class VectorFunctions {

    /** The signature their messages show. */
    static final String PARAMETERS = "(vector<float, n>, vector<float, n>)";

    private static final Set<String> NAMES = Set.of("similarity_cosine", "similarity_euclidean",
            "similarity_dot_product");

    private VectorFunctions() {
    }

    static boolean isVectorFunction(String name) {
        return NAMES.contains(name);
    }

    /** The function {@code name} over two vectors of {@code type}, a vector of floats. */
    static ScalarFunction similarity(String name, VectorType type) {
        if (type.element() != NativeType.FLOAT) {
            throw new IllegalArgumentException("Similarity functions take float vectors, not " + type.asCql());
        }
        return new ScalarFunction(name, List.of(type, type), NativeType.FLOAT, (c, a) -> {
            float[] left = floats(type, a.get(0));
            float[] right = floats(type, a.get(1));
            float result = switch (name) {
                case "similarity_cosine" -> {
                    if (isAllZero(left) || isAllZero(right)) {
                        throw CqlException.invalid("Function system." + name + " doesn't support all-zero vectors.");
                    }
                    yield (1 + cosine(left, right)) / 2;
                }
                case "similarity_euclidean" -> 1 / (1 + squareDistance(left, right));
                default -> (1 + dotProduct(left, right)) / 2;
            };
            return NativeType.FLOAT.decompose(result);
        });
    }

    private static float[] floats(VectorType type, ByteBuffer value) {
        List<ByteBuffer> elements = type.unpack(value);
        float[] floats = new float[elements.size()];
        for (int i = 0; i < floats.length; i++) {
            ByteBuffer element = elements.get(i);
            floats[i] = element.getFloat(element.position());
        }
        return floats;
    }

    private static boolean isAllZero(float[] vector) {
        for (float f : vector) {
            if (f != 0) {
                return false;
            }
        }
        return true;
    }

    static float cosine(float[] a, float[] b) {
        float sum = 0;
        float norm1 = 0;
        float norm2 = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
            norm1 += a[i] * a[i];
            norm2 += b[i] * b[i];
        }
        return (float) (sum / Math.sqrt((double) norm1 * (double) norm2));
    }

    static float squareDistance(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            float difference = a[i] - b[i];
            sum += difference * difference;
        }
        return sum;
    }

    static float dotProduct(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
