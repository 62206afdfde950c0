package io.caveat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `caveat evaluate DIR` as a user runs it (the ./caveat launcher as it is, or with CAVEAT_JAVA_OPTS=-Xmx given
 * by --heap), timed from launch to exit, with the process's peak resident set read from /proc while it runs (VmHWM,
 * polled every 10 ms; the last reading before exit is the peak, since VmHWM only grows; the launcher execs java, so
 * the polled process is the JVM). An unmeasured run first lets the launcher make its class-data archive and its
 * compiled-rules cache, as it does once per build and rules. The table output runs three times (the median wall
 * and the peak RSS of those runs are kept), the JSON output once.
 */
final class EndToEnd {
    private EndToEnd() {
    }

    /** Runs the launcher once, unmeasured: its once-per-build class-data recording is not what is measured. */
    static void prepare(Path launcher, Path rules, Path dir, String heap) throws IOException, InterruptedException {
        launch(launcher, rules, dir, heap, "table").waitFor();
    }

    static Map<String, String> evaluate(Path launcher, Path rules, Path dir, String heap)
            throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String output : List.of("table", "json")) {
            List<Long> walls = new java.util.ArrayList<>();
            long peak = -1;
            for (int run = 0; run < (output.equals("table") ? 3 : 1); run++) {
                long start = System.nanoTime();
                Process process = launch(launcher, rules, dir, heap, output);
                while (process.isAlive()) {
                    peak = Math.max(peak, Memory.peakRss(process.pid()));
                    Thread.sleep(10);
                }
                walls.add((System.nanoTime() - start) / 1_000_000);
                // Exit 1 means findings, the expected outcome on a generated snapshot; anything else is a failure.
                if (process.exitValue() != 1) {
                    throw new IllegalStateException("caveat evaluate " + dir + " exited " + process.exitValue());
                }
            }
            walls.sort(null);
            out.put("e2e-" + output + "Ms", Long.toString(walls.get(walls.size() / 2)));
            out.put("e2e-" + output + "Runs", walls.toString());
            out.put("e2e-" + output + "Rss", Long.toString(peak));
        }
        return out;
    }

    private static Process launch(Path launcher, Path rules, Path dir, String heap, String output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "evaluate", "--rules", rules.toString(),
                "--output", output, dir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (heap != null) {
            builder.environment().put("CAVEAT_JAVA_OPTS", "-Xmx" + heap);
        }
        return builder.start();
    }
}
