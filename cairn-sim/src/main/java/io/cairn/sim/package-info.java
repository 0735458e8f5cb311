/**
 * The deterministic simulator: several nodes of real Cairn code (coordinator, replica
 * handlers, gossip and failure detector, hints, read repair, the in-memory storage engine) in
 * one JVM, on one thread, on virtual time and an in-JVM network. Every choice (message delays,
 * losses, partitions, crashes, pauses, clock skew, the workload) is drawn from one seed, so a
 * failing seed replays exactly. Clients record a history of their operations; checkers judge it.
 */
package io.cairn.sim;
