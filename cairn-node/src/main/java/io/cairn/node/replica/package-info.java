/**
 * The replica side of the internode data verbs: {@link io.cairn.node.replica.ReplicaHandlers}
 * applies MUTATION, HINT and READ_REPAIR to local storage, answers READ (rows, a digest or raw
 * data), RANGE_READ and STREAM pages, and empties a table on TRUNCATE. A malformed request or a
 * failing table is logged and not answered; the coordinator's timeout covers it.
 *
 * <p>Below the coordinator and the peers (batchlog, hints, bootstrap), which all send it work: it
 * must not depend on any of them. It may use ring, system, schema and messages.
 */
package io.cairn.node.replica;
