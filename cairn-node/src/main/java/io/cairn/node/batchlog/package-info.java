/**
 * The batchlog: a LOGGED batch is stored on other nodes ({@code system.batches}) before it is
 * applied and removed after, and a node replays the batches it holds that are old enough, so a
 * batch is applied in full even if its coordinator dies midway.
 * {@link io.cairn.node.batchlog.Batchlog} owns the stored form, the BATCH_STORE and BATCH_REMOVE
 * handlers (run where the assembly says: the replica stage) and replay, which is asynchronous:
 * {@code replay} writes through a {@link io.cairn.node.batchlog.BatchWriter} that the code above
 * supplies (the coordinator's {@code write}) and returns a stage.
 * {@link io.cairn.node.batchlog.TableUpdates} is a batch's part for one table, as the query layer
 * and the coordinator pass batches.
 *
 * <p>A peer of {@code hints} and {@code bootstrap}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, ring, system, schema and
 * messages.
 */
package io.cairn.node.batchlog;
