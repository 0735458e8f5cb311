/**
 * The batchlog: a LOGGED batch is stored on other nodes ({@code system.batches}) before it is
 * applied and removed after, and a node replays the batches it holds that are old enough, so a
 * batch is applied in full even if its coordinator dies midway.
 * {@link io.cairn.node.batchlog.Batchlog} owns the stored form, the BATCH_STORE and BATCH_REMOVE
 * handlers and replay; replay writes through an interface that the code above it supplies.
 *
 * <p>A peer of {@code hints} and {@code bootstrap}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, ring, system, schema and
 * messages.
 */
package io.cairn.node.batchlog;
