/**
 * Cairn's cluster layer: internode messaging ({@code messaging}: TCP through Netty, and an in-JVM
 * network for tests and the simulator) and membership with failure detection ({@code gossip}).
 * Everything here takes its clock, scheduler, randomness and messaging through constructors, so
 * the simulator can run a whole cluster in one JVM.
 *
 * <p>cairn-cluster knows nothing of data: payloads are bytes whose meaning belongs to the module
 * that sends them, and the token ring, replication, hints and the batchlog are cairn-node's. It
 * depends on cairn-common only. Like cairn-node, it never waits on a future or a latch
 * ({@code config/forbidden-apis-async.txt}): what is asked completes a callback or a stage.
 */
package io.cairn.cluster;
