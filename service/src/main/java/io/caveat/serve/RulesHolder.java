package io.caveat.serve;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleLoadException;
import io.caveat.engine.RuleSource;
import io.caveat.engine.RulesDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The knowledge base the service answers with. A reload that compiles replaces it atomically (evaluations in
 * flight keep the one they started with); a reload that fails keeps the last good one serving and keeps the
 * errors for /rules and /readyz.
 */
final class RulesHolder {
    /** The outcome of the last reload. */
    record ReloadStatus(String at, boolean ok, String version, List<String> errors) {
    }

    private final Path directory;
    private final ServiceMetrics metrics;
    private final PrintWriter log;
    private final AtomicReference<KnowledgeBase> current = new AtomicReference<>();
    private volatile ReloadStatus last;
    private Path tree;

    private final java.util.function.UnaryOperator<KnowledgeBase> configure;
    /** A restart with unchanged rules is not a compilation. */
    private final io.caveat.engine.KnowledgeBaseCache cache;

    /** @param configure applies caveat.yaml's rules section to each compiled knowledge base */
    RulesHolder(Path directory, java.util.function.UnaryOperator<KnowledgeBase> configure, ServiceMetrics metrics,
                PrintWriter log) {
        this.directory = directory;
        this.configure = configure;
        this.metrics = metrics;
        this.log = log;
        this.cache = io.caveat.engine.KnowledgeBaseCache.forUser(note -> log.println("caveat: " + note));
    }

    /** Compiles the rules directory; returns the outcome. Safe to call from several threads. */
    synchronized ReloadStatus reload() {
        Path tree = null;
        try {
            tree = RulesDirectory.open(directory);
            KnowledgeBase kb = configure.apply(cache.compile(RuleSource.directory(tree)));
            current.set(kb);
            replaceTree(tree);
            last = new ReloadStatus(Instant.now().toString(), true, kb.version(), List.of());
            metrics.reload(true);
            log.printf("caveat: rules loaded from %s: knowledge base %s, %d limitations%n", directory, kb.version(),
                    kb.rules().size());
        } catch (RuntimeException e) {
            if (tree != null && !tree.equals(this.tree)) {
                RulesDirectory.release(tree);
            }
            List<String> errors = e instanceof RuleLoadException r ? r.diagnostics()
                    : List.of(directory + ": the rules could not be loaded: " + e);
            KnowledgeBase serving = current.get();
            last = new ReloadStatus(Instant.now().toString(), false, serving == null ? null : serving.version(), errors);
            metrics.reload(false);
            log.printf("caveat: rules NOT reloaded (%s):%n", serving == null ? "no knowledge base yet"
                    : "still serving " + serving.version());
            errors.forEach(error -> log.println("  " + error));
        }
        log.flush();
        return last;
    }

    /** The tree the serving knowledge base was read from; an unfolded ConfigMap's previous tree is removed. */
    private void replaceTree(Path tree) {
        if (this.tree != null && !this.tree.equals(tree)) {
            RulesDirectory.release(this.tree);
        }
        this.tree = tree;
    }

    /**
     * Applies work to the rules as last loaded (a ConfigMap's unfolded tree, else the directory itself), never
     * while a reload swaps them; before any load, to the directory opened for it alone. It shares the reload's
     * lock: a read waits for a reload's compilation, and a reload for the read, so keep the work short (read files,
     * copy them).
     */
    synchronized <T> T read(java.util.function.Function<Path, T> work) {
        if (tree != null) {
            return work.apply(tree);
        }
        Path opened = RulesDirectory.open(directory);
        try {
            return work.apply(opened);
        } finally {
            if (!opened.equals(directory)) {
                RulesDirectory.release(opened);
            }
        }
    }

    /** The knowledge base to answer with, or null when none ever compiled. */
    KnowledgeBase current() {
        return current.get();
    }

    ReloadStatus lastReload() {
        return last;
    }

    Path directory() {
        return directory;
    }

    PrintWriter log() {
        return log;
    }
}
