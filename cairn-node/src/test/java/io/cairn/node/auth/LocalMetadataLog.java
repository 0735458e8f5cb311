package io.cairn.node.auth;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Transformation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The cluster metadata log as the role statements see it, in memory: each commit applies the
 * entry a function makes of the latest snapshot at once (null: nothing to commit; an exception:
 * the statement's error), as the metadata service would with no other proposer.
 */
final class LocalMetadataLog {

    private final AtomicReference<ClusterMetadata> current;

    LocalMetadataLog(ClusterMetadata start) {
        this.current = new AtomicReference<>(start);
    }

    ClusterMetadata current() {
        return current.get();
    }

    void set(ClusterMetadata snapshot) {
        current.set(snapshot);
    }

    CompletionStage<ClusterMetadata> commit(Function<ClusterMetadata, Transformation> change) {
        try {
            Transformation entry = change.apply(current.get());
            if (entry != null) {
                current.set(((Transformation.Applied) entry.apply(current.get())).next());
            }
            return CompletableFuture.completedFuture(current.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
