/**
 * Cairn's cluster layer: internode messaging ({@code messaging}), membership and failure
 * detection ({@code gossip}), the token ring and replication strategies ({@code ring}), and
 * hinted handoff ({@code hints}). Everything here takes its clock, scheduler, randomness and
 * messaging through constructors, so the simulator can run a whole cluster in one JVM.
 */
package io.cairn.cluster;
