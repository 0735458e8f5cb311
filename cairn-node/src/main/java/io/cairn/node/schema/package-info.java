/**
 * Schema: metadata records ({@link io.cairn.node.schema.KeyspaceMetadata},
 * {@link io.cairn.node.schema.TableMetadata}, columns, options), the
 * {@link io.cairn.node.schema.SchemaManager} that applies DDL (what a statement does to the
 * schema is {@code DdlTransformer}'s, keeping it in the {@code system_schema} tables
 * {@code SchemaStore}'s, making this node's storage match {@code TableStorage}'s), the system
 * keyspaces' definitions,
 * {@link io.cairn.node.schema.TableLayout} (how a table's rows map onto storage) and
 * {@link io.cairn.node.schema.SchemaPush}, which spreads the schema to other nodes as the rows it
 * wrote (its SCHEMA_PUSH handler runs where the assembly says: the replica stage).
 *
 * <p>The bottom of cairn-node but for the message records: it may use {@code messages}, and must
 * not depend on any other package of cairn-node.
 */
package io.cairn.node.schema;
