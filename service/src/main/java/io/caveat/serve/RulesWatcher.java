package io.caveat.serve;

import io.caveat.engine.RulesDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches the rules directory (and the folders below it) and reloads once edits have been quiet for a moment:
 * an editor that saves in several writes triggers one reload, not one per write. A mounted ConfigMap changes by
 * the kubelet's swap of its {@code ..data} link, an event in the top folder; its hidden version folders are not
 * watched (the kubelet deletes them).
 */
final class RulesWatcher implements AutoCloseable {
    static final long QUIET_MILLIS = 300;

    private final RulesHolder holder;
    private final WatchService watch;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caveat-rules-reload");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread;
    private ScheduledFuture<?> pending;

    RulesWatcher(RulesHolder holder) {
        this.holder = holder;
        try {
            this.watch = FileSystems.getDefault().newWatchService();
            registerAll(holder.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + holder.directory(), e);
        }
        thread = new Thread(this::run, "caveat-rules-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches a folder and those below it; a folder deleted meanwhile is simply not watched. */
    private void registerAll(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory)
                    .filter(d -> !RulesDirectory.isKubeletEntry(root.relativize(d))).toList()) {
                try {
                    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                } catch (NoSuchFileException e) {
                    // Gone before it could be watched.
                }
            }
        } catch (NoSuchFileException | UncheckedIOException e) {
            // The folder went away while it was walked: nothing left to watch there.
        }
    }

    /** Runs until closed; no edit, however odd, stops it. */
    private void run() {
        while (true) {
            try {
                WatchKey key = watch.take();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name && key.watchable() instanceof Path dir) {
                        Path changed = dir.resolve(name);
                        if (!name.toString().startsWith("..") && Files.isDirectory(changed)) {
                            registerAll(changed);
                        }
                    }
                }
                key.reset();
                schedule();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                schedule();
            }
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(holder::reload, QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        watch.close();
        scheduler.shutdownNow();
    }
}
