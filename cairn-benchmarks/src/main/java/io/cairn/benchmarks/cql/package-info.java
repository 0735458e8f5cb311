/**
 * JMH benchmarks of the query layer in process: parse and analysis of new statements, and
 * prepared point reads and writes on one node's storage.
 *
 * <p>Uses cairn-node's query layer and cairn-storage; must not depend on the other benchmark
 * packages.
 */
package io.cairn.benchmarks.cql;
