package io.cairn.common.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncLoopTest {

    private static final int MANY_ITERATIONS = 100_000;

    @Test
    void aHundredThousandAlreadyCompletedIterationsDoNotOverflowTheStack() {
        AtomicInteger iterations = new AtomicInteger();

        CompletionStage<Void> loop = AsyncLoop.whileTrue(
                () -> CompletableFuture.completedFuture(iterations.incrementAndGet() < MANY_ITERATIONS));

        assertThat(loop.toCompletableFuture()).isCompletedWithValue(null);
        assertThat(iterations).hasValue(MANY_ITERATIONS);
    }

    @Test
    void forEachVisitsAHundredThousandElementsInOrderWhenEveryActionIsAlreadyComplete() {
        List<Integer> elements = IntStream.range(0, MANY_ITERATIONS).boxed().toList();
        List<Integer> visited = new ArrayList<>();

        CompletionStage<Void> loop = AsyncLoop.forEach(elements, element -> {
            visited.add(element);
            return CompletableFuture.completedFuture(null);
        });

        assertThat(loop.toCompletableFuture()).isCompletedWithValue(null);
        assertThat(visited).isEqualTo(elements);
    }

    @Test
    void aPendingIterationPausesTheLoopUntilItCompletesAndTheCompletingThreadRunsTheRest() {
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        AtomicInteger iterations = new AtomicInteger();

        CompletionStage<Void> loop = AsyncLoop.whileTrue(() -> {
            int iteration = iterations.incrementAndGet();
            if (iteration % 2 == 0) {
                CompletableFuture<Boolean> answer = new CompletableFuture<>();
                pending.add(answer);
                return answer;
            }
            return CompletableFuture.completedFuture(iteration < 7);
        });

        assertThat(iterations).hasValue(2);
        assertThat(loop.toCompletableFuture()).isNotDone();
        pending.get(0).complete(true);
        assertThat(iterations).hasValue(4);
        assertThat(loop.toCompletableFuture()).isNotDone();
        pending.get(1).complete(true);
        pending.get(2).complete(true);
        assertThat(iterations).hasValue(7);
        assertThat(loop.toCompletableFuture()).isCompletedWithValue(null);
    }

    @Test
    void aHundredThousandIterationsEachResumedByItsCompletionDoNotOverflowTheStack() {
        AtomicInteger iterations = new AtomicInteger();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();

        CompletionStage<Void> loop = AsyncLoop.whileTrue(() -> {
            iterations.incrementAndGet();
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            pending.add(answer);
            return answer;
        });
        for (int i = 0; i < MANY_ITERATIONS - 1; i++) {
            pending.get(i).complete(true);
        }
        pending.get(MANY_ITERATIONS - 1).complete(false);

        assertThat(loop.toCompletableFuture()).isCompletedWithValue(null);
        assertThat(iterations).hasValue(MANY_ITERATIONS);
    }

    @Test
    void aFailedIterationFailsTheLoopWithItsOwnExceptionAndStopsIt() {
        AtomicInteger iterations = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("replica refused");

        CompletionStage<Void> loop = AsyncLoop.whileTrue(() -> iterations.incrementAndGet() < 3
                ? CompletableFuture.completedFuture(true)
                : CompletableFuture.<Boolean>completedFuture(true).thenApply(ignored -> {
                    throw failure;
                }));

        assertThat(loop.toCompletableFuture()).isCompletedExceptionally();
        assertThat(failureOf(loop)).isSameAs(failure);
        assertThat(iterations).hasValue(3);
    }

    @Test
    void anIterationThatThrowsFailsTheLoop() {
        IllegalArgumentException failure = new IllegalArgumentException("bad bound");

        CompletionStage<Void> loop = AsyncLoop.whileTrue(() -> {
            throw failure;
        });

        assertThat(failureOf(loop)).isSameAs(failure);
        assertThat(loop.toCompletableFuture()).isCompletedExceptionally();
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        stage.whenComplete((ignored, failure) -> seen.set(failure));
        return seen.get();
    }
}
