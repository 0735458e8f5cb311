package io.cairn.common.concurrent;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FuturesTest {

    @Test
    void resultsComeInTheOrderOfTheFuturesNotOfTheirCompletion() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<List<String>> all = Futures.allOf(List.of(first, second));
        second.complete("b");
        assertThat(all).isNotDone();
        first.complete("a");
        assertThat(all).isCompletedWithValue(List.of("a", "b"));
    }

    @Test
    void nullResultsAreKept() {
        CompletableFuture<List<String>> all = Futures.allOf(Arrays.asList(
                CompletableFuture.completedFuture("a"), CompletableFuture.<String>completedFuture(null)));
        assertThat(all).isCompletedWithValue(Arrays.asList("a", null));
    }

    @Test
    void anEmptyListCompletesAtOnceWithNoResults() {
        assertThat(Futures.<String>allOf(List.of())).isCompletedWithValue(List.of());
    }

    @Test
    void aFailureFailsTheWholeOnlyOnceEveryFutureIsDone() {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> slow = new CompletableFuture<>();
        CompletableFuture<List<String>> all = Futures.allOf(List.of(failing, slow));
        failing.completeExceptionally(new IllegalStateException("replica lost"));
        assertThat(all).isNotDone();
        slow.complete("late");
        assertThatThrownBy(all::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("replica lost");
    }
}
