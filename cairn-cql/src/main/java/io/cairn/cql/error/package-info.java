/**
 * The errors a statement can end with, as the native protocol names them:
 * {@link io.cairn.cql.error.CqlException} with an {@link io.cairn.cql.error.ErrorCode}, and the
 * kinds that carry more (Unavailable, ReadTimeout, WriteTimeout with their counts and
 * {@link io.cairn.cql.error.WriteType}, ReplicaFailure, AlreadyExists, Unprepared). Thrown by the
 * parser, the query layer and the coordinator; the transport turns them into ERROR messages.
 *
 * <p>Depends only on {@code io.cairn.cql}; must not depend on the parser, the types or anything
 * outside cairn-cql.
 */
package io.cairn.cql.error;
