/**
 * Internode messaging: {@link io.cairn.cluster.messaging.MessagingService} sends one-way messages
 * and requests whose single response or failure (timeout included) reaches a callback, and hands
 * incoming messages to the handler registered for their {@link io.cairn.cluster.messaging.Verb}.
 * {@link io.cairn.cluster.messaging.NettyMessagingService} is the TCP implementation (handshake
 * with the cluster name, one bounded outbound queue per peer, reconnection);
 * {@link io.cairn.cluster.messaging.InJvmNetwork} delivers through a scheduler, with delays and
 * losses a policy chooses, for tests and the simulator.
 *
 * <p>Depends on cairn-common's time only; must not depend on {@code gossip} or on cairn-node.
 */
package io.cairn.cluster.messaging;
