/**
 * The partitioner: {@link io.cairn.common.token.Murmur3Partitioner} maps a partition key's bytes
 * to its 64-bit token exactly as Cassandra's Murmur3Partitioner does, so drivers route requests
 * to the right replicas.
 *
 * <p>Must not depend on any other Cairn package.
 */
package io.cairn.common.token;
