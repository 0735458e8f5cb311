package io.cairn.node.query;

import io.cairn.cql.ast.Statement;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.SchemaManager;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Carries out DDL statements: on a node of a cluster, through the cluster metadata log; on its
 * own, on the local {@link SchemaManager}.
 */
@FunctionalInterface
public interface SchemaChanger {

    /**
     * Completes with the change {@code statement} made, or null when IF [NOT] EXISTS made it a
     * no-op; fails with the statement's CQL error.
     *
     * @param sessionKeyspace the keyspace for unqualified names, or null
     */
    CompletionStage<SchemaChange> change(Statement statement, String sessionKeyspace);

    /** Changes {@code schema} on this node alone. */
    static SchemaChanger local(SchemaManager schema) {
        return (statement, sessionKeyspace) -> {
            try {
                return CompletableFuture.completedFuture(schema.apply(statement, sessionKeyspace));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
