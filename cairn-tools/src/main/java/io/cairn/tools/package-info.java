/**
 * The {@code cairn} command (picocli): {@code start} runs a node in the foreground, {@code shell}
 * opens the CQL shell, {@code cluster} manages a local cluster of node processes
 * ({@link io.cairn.tools.LocalCluster}), {@code admin} shows a cluster's status, {@code bench} runs
 * the load generator and {@code sim} the simulator.
 *
 * <p>The top of the build: it may use every module; no module depends on it.
 */
package io.cairn.tools;
