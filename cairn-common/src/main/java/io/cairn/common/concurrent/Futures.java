package io.cairn.common.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Combinators over futures that never block the calling thread. */
public final class Futures {

    private Futures() {
    }

    /**
     * The results of {@code futures} in their order, once every one completed; fails with the
     * first failure (in list order) once all are done, so that no work is still running when
     * the caller hears of it. An empty list completes at once with an empty list.
     */
    public static <T> CompletableFuture<List<T>> allOf(List<? extends CompletableFuture<? extends T>> futures) {
        List<CompletableFuture<? extends T>> copy = List.copyOf(futures);
        return CompletableFuture.allOf(copy.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            // Every future is complete here, successfully (allOf failed otherwise): getNow cannot block.
            List<T> results = new ArrayList<>(copy.size());
            for (CompletableFuture<? extends T> future : copy) {
                results.add(future.getNow(null));
            }
            return results;
        });
    }
}
