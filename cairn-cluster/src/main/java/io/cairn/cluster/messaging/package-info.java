/**
 * Internode messaging: {@link io.cairn.cluster.messaging.MessagingService} sends one-way messages
 * and requests whose single response or failure reaches a callback, and hands incoming messages
 * to the handler registered for their {@link io.cairn.cluster.messaging.Verb}, on the thread
 * that delivers them (handlers must not block; a node's handlers that touch storage pass the
 * work to a stage of their own). A failure is a
 * {@link io.cairn.cluster.messaging.ResponseCallback.Failure}: TIMEOUT (the scheduler fails a
 * request no one answered in time), UNREACHABLE, or OVERLOADED, which a peer answers with a
 * {@code Verb.FAILURE_RESPONSE} when it has no room for the work
 * ({@code MessagingService.respondFailure}). {@link io.cairn.cluster.messaging.RequestTracker}
 * keeps the requests waiting for an answer, bounded.
 * {@link io.cairn.cluster.messaging.NettyMessagingService} is the TCP implementation (handshake
 * with the cluster name and, with {@link io.cairn.cluster.messaging.InternodeSecret}, a challenge
 * both ways; mutual TLS with {@link io.cairn.cluster.messaging.InternodeTls}; checksummed frames;
 * one outbound queue per peer, bounded in messages and bytes; reconnection);
 * {@link io.cairn.cluster.messaging.InJvmNetwork} delivers through a scheduler, with delays and
 * losses a policy chooses, for tests and the simulator.
 *
 * <p>Payloads are bytes whose layout belongs to the sender. Depends on cairn-common's time and security only;
 * must not depend on {@code gossip} or on cairn-node.
 */
package io.cairn.cluster.messaging;
