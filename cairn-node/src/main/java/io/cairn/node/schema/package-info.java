/**
 * Schema: metadata records ({@link io.cairn.node.schema.KeyspaceMetadata},
 * {@link io.cairn.node.schema.TableMetadata}, columns, options), the
 * {@link io.cairn.node.schema.SchemaManager} that holds this node's schema (what a statement does
 * to the schema is {@code DdlTransformer}'s (renaming key columns and altering a user type change
 * no stored value), keeping it in the {@code system_schema} tables
 * {@code SchemaStore}'s, making this node's storage match {@code TableStorage}'s), the system
 * keyspaces' definitions and
 * {@link io.cairn.node.schema.TableLayout} (how a table's rows map onto storage). On a node of a
 * cluster the schema follows the cluster metadata log ({@code SchemaManager.follow}, for every
 * entry applied); a node on its own applies DDL directly ({@code SchemaManager.apply}).
 *
 * <p>The bottom of cairn-node but for the message records: it may use {@code messages}, and must
 * not depend on any other package of cairn-node.
 */
package io.cairn.node.schema;
