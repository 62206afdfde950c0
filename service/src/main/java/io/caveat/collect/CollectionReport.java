package io.caveat.collect;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a live collection read, per source: objects, pages, retries, and what it could not read and why.
 * Progress goes to stderr as it happens, one line per source and every few pages of a long one.
 */
public final class CollectionReport {
    /** Kinds a source could not be read for, and why (a 403, a 404, a PCE refusal...). */
    public record Unreadable(String source, List<String> kinds, String reason) {
    }

    private static final int PAGES_PER_LINE = 10;
    private final PrintWriter progress;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final List<Unreadable> unreadable = new ArrayList<>();
    private final java.util.Set<String> read = new java.util.TreeSet<>();
    private int retries;

    public CollectionReport(PrintWriter progress) {
        this.progress = progress;
    }

    synchronized void page(String source, int objects) {
        long[] c = counts.computeIfAbsent(source, k -> new long[2]);
        c[0] += objects;
        c[1]++;
        if (c[1] % PAGES_PER_LINE == 0) {
            progress.printf("caveat: collecting %s: %d objects, %d pages so far%n", source, c[0], c[1]);
        }
    }

    /** A source read completely: its fact kinds are provided even when it held nothing. */
    synchronized void done(String source, List<String> kinds) {
        read.addAll(kinds);
        long[] c = counts.computeIfAbsent(source, k -> new long[2]);
        progress.printf("caveat: collected %s: %d objects in %d page%s%s%n", source, c[0], c[1], c[1] == 1 ? "" : "s",
                retries > 0 ? " (" + retries + " retries so far)" : "");
    }

    synchronized void retry(String what, String why) {
        retries++;
        progress.printf("caveat: retrying %s: %s%n", what, why);
    }

    synchronized void unreadable(String source, List<String> kinds, String reason) {
        unreadable.add(new Unreadable(source, List.copyOf(kinds), reason));
        progress.printf("caveat: could not read %s: %s%n", source, reason);
    }

    synchronized void warn(String message) {
        progress.println("caveat: warning: " + message);
    }

    public synchronized Map<String, Long> objects() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    public synchronized List<Unreadable> unreadable() {
        return List.copyOf(unreadable);
    }

    /** Fact kinds whose sources were read completely. */
    public synchronized java.util.Set<String> read() {
        java.util.Set<String> out = new java.util.TreeSet<>(read);
        unreadable.forEach(u -> out.removeAll(u.kinds()));
        return out;
    }

    public synchronized int retries() {
        return retries;
    }
}
