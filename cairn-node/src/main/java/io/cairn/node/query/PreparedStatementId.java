package io.cairn.node.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The id of a prepared statement: the MD5 of its keyspace (when one applies) followed by its
 * query text, exactly as Cassandra computes it. It must be the same on every node and across
 * restarts, because drivers prepare on all nodes and compare the ids they get back.
 */
public final class PreparedStatementId {

    private PreparedStatementId() {
    }

    /**
     * @param query    the statement text, as the client sent it
     * @param keyspace the keyspace the statement was prepared in (USE or the request's), or null
     */
    public static byte[] compute(String query, String keyspace) {
        String hashed = keyspace == null ? query : keyspace + query;
        try {
            return MessageDigest.getInstance("MD5").digest(hashed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides MD5", e);
        }
    }
}
