/**
 * {@code cairn bench}: YCSB's core workloads (and plain write and read mixes, and lightweight
 * transactions: {@link io.cairn.tools.bench.CasWorkload}) through the Java driver against any CQL
 * endpoint, Cairn or Apache Cassandra, with latencies measured from each
 * operation's intended start, and the comparison of results.
 *
 * <p>A client: it must not depend on cairn-node, cairn-server or any other Cairn internals beyond
 * cairn-common.
 */
package io.cairn.tools.bench;
