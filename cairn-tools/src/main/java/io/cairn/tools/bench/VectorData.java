package io.cairn.tools.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlVector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The vector workload's data: random {@link #DIMENSION}-dimension vectors (each component drawn
 * from a standard normal distribution, so that directions are uniform: the hard case for
 * approximate search, with no clusters to find), every one derived from its record number so that
 * any client regenerates the same set; queries are drawn alike from their own numbers.
 * Recall@{@link #NEIGHBOURS} compares what a server answers to the exact nearest records by cosine
 * similarity, which the client computes by comparing every record.
 */
final class VectorData {

    static final int DIMENSION = 128;
    static final int NEIGHBOURS = 10;
    /** Queries whose answers recall is measured on. */
    static final int RECALL_QUERIES = 100;
    /** Query numbers start here, apart from record numbers. */
    private static final long QUERY_SEEDS = 1L << 40;

    private VectorData() {
    }

    /** Record {@code record}'s vector. */
    static float[] vector(long record) {
        return random(record);
    }

    /** Query {@code number}'s vector: drawn as a record's, but not a record. */
    static float[] query(long number) {
        return random(QUERY_SEEDS + number);
    }

    private static float[] random(long seed) {
        Random components = new Random(seed * 0x9E3779B97F4A7C15L + 31);
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) components.nextGaussian();
        }
        return vector;
    }

    static CqlVector<Float> cql(float[] vector) {
        List<Float> components = new ArrayList<>(vector.length);
        for (float component : vector) {
            components.add(component);
        }
        return CqlVector.newInstance(components);
    }

    private static float cosine(float[] left, float[] right) {
        double dot = 0;
        double leftNorm = 0;
        double rightNorm = 0;
        for (int i = 0; i < left.length; i++) {
            dot += left[i] * right[i];
            leftNorm += left[i] * left[i];
            rightNorm += right[i] * right[i];
        }
        return (float) (dot / Math.sqrt(leftNorm * rightNorm));
    }

    /** The keys of the {@code count} records of {@code records} nearest {@code query}, by comparing every one. */
    static Set<String> exactNearest(float[] query, long records, int count) {
        return exactNearest(query, all(records), count);
    }

    /** Every record's vector, made once for many exact searches. */
    private static float[][] all(long records) {
        if (records > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Too many records to compare every one: " + records);
        }
        float[][] vectors = new float[(int) records][];
        for (int record = 0; record < vectors.length; record++) {
            vectors[record] = vector(record);
        }
        return vectors;
    }

    private static Set<String> exactNearest(float[] query, float[][] vectors, int count) {
        PriorityQueue<double[]> nearest = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int record = 0; record < vectors.length; record++) {
            nearest.add(new double[] {cosine(vectors[record], query), record});
            if (nearest.size() > count) {
                nearest.poll();
            }
        }
        Set<String> keys = new HashSet<>();
        for (double[] one : nearest) {
            keys.add(Keys.key((long) one[1]));
        }
        return keys;
    }

    /**
     * The share of the exact {@link #NEIGHBOURS} nearest records that {@code search} (an ANN
     * query of that limit, bound to a vector) answers, over {@link #RECALL_QUERIES} queries.
     */
    static double recall(CqlSession session, PreparedStatement search, long records) {
        long found = 0;
        long wanted = 0;
        float[][] vectors = all(records);
        for (int number = 0; number < RECALL_QUERIES; number++) {
            float[] query = query(number);
            Set<String> exact = exactNearest(query, vectors, NEIGHBOURS);
            for (Row row : session.execute(search.bind(cql(query)))) {
                if (exact.contains(row.getString(0))) {
                    found++;
                }
            }
            wanted += exact.size();
        }
        return wanted == 0 ? 1 : (double) found / wanted;
    }
}
