package io.cairn.node.query;

import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.Permission;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may do what a statement needs (Cassandra's {@code authorizer}): on a
 * node, from the permissions of the cluster metadata log.
 */
public interface Authorizer {

    /**
     * Returns when the client of {@code session} holds {@code permission} on {@code resource} or
     * on a resource above it (directly, through a role granted to it, or as a superuser); throws
     * the UNAUTHORIZED error otherwise.
     */
    void authorize(ClientSession session, Permission permission, AuthResource resource);

    /**
     * After the client of {@code session} created {@code resource}: grants its role every
     * permission that applies to it, as Cassandra does. Completes when granted (at once when
     * there is nothing to grant).
     */
    CompletionStage<Void> grantCreator(ClientSession session, AuthResource resource);

    /** Cassandra's {@code AllowAllAuthorizer}: every client may do everything. */
    Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public void authorize(ClientSession session, Permission permission, AuthResource resource) {
        }

        @Override
        public CompletionStage<Void> grantCreator(ClientSession session, AuthResource resource) {
            return CompletableFuture.completedFuture(null);
        }
    };
}
