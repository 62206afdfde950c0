package io.caveat.cli;

import io.caveat.load.SnapshotLoader;
import java.io.PrintWriter;

/**
 * "reading 3 of 16 files: cluster/pods.json" on stderr, rewritten in place, for loads long enough to wonder about
 * (past a second), and only on a person's terminal: a pipe or a log gets nothing.
 */
final class ProgressLine implements SnapshotLoader.Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;
    private boolean shown;

    private ProgressLine(PrintWriter err) {
        this.err = err;
    }

    static SnapshotLoader.Progress on(PrintWriter err) {
        return System.console() != null ? new ProgressLine(err) : SnapshotLoader.Progress.NONE;
    }

    @Override
    public void read(int done, int total, String file) {
        long now = System.nanoTime();
        if (file == null) {
            if (shown) {
                err.print("\r\u001b[K");
                err.flush();
            }
            return;
        }
        if (now - start < QUIET_NANOS || now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        shown = true;
        String line = "caveat: reading " + (done + 1) + " of " + total + " files: " + file;
        err.print("\r\u001b[K" + (line.length() > 79 ? line.substring(0, 76) + "..." : line));
        err.flush();
    }
}
