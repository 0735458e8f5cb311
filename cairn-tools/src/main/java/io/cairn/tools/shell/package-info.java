/**
 * The CQL shell: statement splitting, cqlsh-style tables, DESCRIBE, CONSISTENCY, TRACING, SOURCE, history
 * and completion, and the wait for schema agreement after DDL, all over the DataStax Java driver
 * against any CQL node.
 *
 * <p>A client: it must not depend on cairn-node, cairn-server or any other Cairn internals beyond
 * cairn-common.
 */
package io.cairn.tools.shell;
