package io.caveat.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Work started on its own (daemon) thread while the caller does something else; get() waits for it. */
final class InBackground<T> {
    private final CompletableFuture<T> result;

    private InBackground(CompletableFuture<T> result) {
        this.result = result;
    }

    static <T> InBackground<T> start(String name, Supplier<T> work) {
        return new InBackground<>(CompletableFuture.supplyAsync(work, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** The result; what the work threw is thrown here as it was (a RuleLoadException stays one). */
    T get() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
