package io.cairn.common.concurrent;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loops whose iterations return stages, without blocking a thread between them and without
 * growing the stack: an iteration whose stage is already complete (a local read, a cached
 * answer) is followed by the next one in the same loop on the same thread, and only an
 * iteration still pending when it returns resumes the loop from the thread that completes it.
 * Chaining {@code thenCompose} recursively instead would nest one frame per completed
 * iteration and overflow the stack on long loops.
 */
public final class AsyncLoop {

    private AsyncLoop() {
    }

    /**
     * Runs {@code iteration} until its stage completes with {@code false}. The returned stage
     * completes when the loop ends, or fails with the first failure of an iteration (thrown or
     * failing its stage; unwrapped from a {@link CompletionException}), after which no
     * iteration runs.
     */
    public static CompletionStage<Void> whileTrue(Supplier<? extends CompletionStage<Boolean>> iteration) {
        Objects.requireNonNull(iteration, "iteration");
        CompletableFuture<Void> finished = new CompletableFuture<>();
        new Loop(iteration, finished).run();
        return finished;
    }

    /** Applies {@code action} to each element in turn, starting the next when the previous one's stage completes. */
    public static <T> CompletionStage<Void> forEach(Iterable<T> elements,
                                                    Function<? super T, ? extends CompletionStage<?>> action) {
        Iterator<T> remaining = elements.iterator();
        return whileTrue(() -> remaining.hasNext()
                ? action.apply(remaining.next()).thenApply(ignored -> true)
                : CompletableFuture.completedFuture(false));
    }

    /** The failure a stage's callback sees, without the {@link CompletionException} that wraps it on the way. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private record Loop(Supplier<? extends CompletionStage<Boolean>> iteration, CompletableFuture<Void> finished) {

        void run() {
            while (true) {
                CompletionStage<Boolean> stage;
                try {
                    stage = Objects.requireNonNull(iteration.get(), "an iteration returned no stage");
                } catch (RuntimeException | Error e) {
                    finished.completeExceptionally(e);
                    return;
                }
                Handoff handoff = new Handoff(this);
                stage.whenComplete(handoff::completed);
                if (!handoff.continuesHere()) {
                    return;
                }
            }
        }
    }

    /**
     * Decides, for one iteration, which thread runs the next: the loop's own when the
     * iteration's stage completed (asking for more) before the loop checked, the completing
     * thread otherwise. Exactly one of them wins the state change.
     */
    private static final class Handoff {
        private static final int RUNNING = 0;
        private static final int CONTINUE_IN_LOOP = 1;
        private static final int LOOP_LEFT = 2;

        private final Loop loop;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Handoff(Loop loop) {
            this.loop = loop;
        }

        void completed(Boolean again, Throwable failure) {
            if (failure != null) {
                loop.finished().completeExceptionally(unwrap(failure));
            } else if (!Boolean.TRUE.equals(again)) {
                loop.finished().complete(null);
            } else if (!state.compareAndSet(RUNNING, CONTINUE_IN_LOOP)) {
                loop.run();
            }
        }

        /** Whether the loop runs the next iteration itself; otherwise the completing thread will, or the loop ended. */
        boolean continuesHere() {
            return !state.compareAndSet(RUNNING, LOOP_LEFT);
        }
    }
}
