package io.cairn.storage;

import java.util.List;

/**
 * One page of a raw export of a token range, for repair and streaming: each partition's whole
 * stored state (tombstones, expired and shadowed cells included) as an update that reproduces
 * it when applied elsewhere.
 *
 * @param updates    one update per partition, in token order
 * @param resumeAfter the last partition exported when more may follow, else null
 */
public record UpdatePage(List<PartitionUpdate> updates, PartitionKey resumeAfter) {

    public UpdatePage {
        updates = List.copyOf(updates);
    }
}
