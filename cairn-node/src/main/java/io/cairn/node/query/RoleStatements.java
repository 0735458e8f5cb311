package io.cairn.node.query;

import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.CqlException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Carries out the role statements (CREATE, ALTER and DROP ROLE or USER, LIST ROLES or USERS,
 * GRANT, REVOKE, LIST PERMISSIONS) for the client of {@code session}: on a node, against the
 * roles and permissions of the cluster metadata log.
 */
@FunctionalInterface
public interface RoleStatements {

    /**
     * Completes with the statement's result, or fails with its CQL error; {@code keyspace} (the
     * request's, or else the session's; may be null) qualifies a table named without one.
     */
    CompletionStage<QueryResult> execute(Statement statement, ClientSession session, String keyspace);

    /** For a processor without a cluster metadata log, which keeps no roles. */
    RoleStatements NONE = (statement, session, keyspace) -> CompletableFuture.failedFuture(
            CqlException.invalid("Roles are kept in the cluster metadata log, which this processor has not"));
}
