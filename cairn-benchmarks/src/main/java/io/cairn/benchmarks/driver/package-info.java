/**
 * {@link io.cairn.benchmarks.driver.DriverLoad}: a closed-loop load through the Java driver against
 * a running cluster, printing throughput and latency percentiles.
 *
 * <p>A client: it must not depend on any Cairn package.
 */
package io.cairn.benchmarks.driver;
