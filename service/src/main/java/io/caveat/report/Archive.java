package io.caveat.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caveat.collect.Directories;
import io.caveat.model.Subject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The archive of runs: ARCHIVE/runs/ID/ holds one run's report.json (canonical), summary.json (for the trend)
 * and every other format. A run is written in a hidden folder and renamed into place when complete, so a crash
 * or kill mid-write leaves every earlier run intact and at most a hidden leftover, which the next run removes.
 * Run ids sort by time.
 */
public final class Archive {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final String TEMP_PREFIX = ".writing-";
    /** What a run folder is called; anything else in runs/ (a backup, a copy) is not a run. */
    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
    /** Runs the trend shows at most; older ones stay in the archive. */
    static final int TREND_RUNS = 100;

    private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Path root;
    private final PrintWriter log;

    public Archive(Path root, PrintWriter log) {
        this.root = root;
        this.log = log;
    }

    Path runs() {
        return root.resolve("runs");
    }

    /** Run ids, oldest first; only complete runs (a report.json that parses) count. */
    public List<String> ids() {
        if (!Files.isDirectory(runs())) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs())) {
            return dirs.filter(d -> RUN_ID.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isRegularFile(d.resolve("report.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of an archived run. */
    public Path runFile(String id, String file) {
        return runs().resolve(id).resolve(file);
    }

    /** The newest readable run, as lifecycle needs it; a damaged one is skipped with a warning. */
    Lifecycle.Previous previous() {
        List<String> ids = new ArrayList<>(ids());
        for (int i = ids.size() - 1; i >= 0; i--) {
            try {
                JsonNode report = JSON.readTree(runs().resolve(ids.get(i)).resolve("report.json").toFile());
                if (report == null || !report.path("id").isTextual() || !report.path("lifecycle").path("findings")
                        .isObject() || !report.path("findings").isArray()) {
                    throw new IllegalArgumentException("not a complete report");
                }
                Map<String, Lifecycle.State> states = new LinkedHashMap<>();
                report.path("lifecycle").path("findings").fields().forEachRemaining(e -> states.put(e.getKey(),
                        JSON.convertValue(e.getValue(), Lifecycle.State.class)));
                List<Lifecycle.Resolved> findings = new ArrayList<>();
                for (JsonNode f : report.path("findings")) {
                    findings.add(new Lifecycle.Resolved(f.path("ruleId").asText(), JSON.convertValue(f.get("subject"),
                            Subject.class), f.path("fingerprint").asText(), f.path("message").asText(), null));
                }
                // Findings carried over a run whose rules could not run still count as that run's findings.
                report.path("lifecycle").path("carried").fields().forEachRemaining(e -> {
                    Lifecycle.Carried c = JSON.convertValue(e.getValue(), Lifecycle.Carried.class);
                    states.put(e.getKey(), c.state());
                    findings.add(new Lifecycle.Resolved(c.ruleId(), c.subject(), e.getKey(), c.message(), null));
                });
                return new Lifecycle.Previous(report.path("id").asText(), states, findings);
            } catch (IOException | IllegalArgumentException e) {
                log.println("caveat: warning: archived run " + ids.get(i) + " cannot be read (" + e.getMessage()
                        + "); comparing with the one before");
            }
        }
        return null;
    }

    /** The trend: the summaries of the newest readable runs, oldest first, at most {@code limit}. */
    public List<RunSummary> summaries(int limit) {
        List<String> ids = ids();
        return summaries(ids.subList(Math.max(0, ids.size() - limit), ids.size()));
    }

    /** The summaries of these runs, in their order; a run without a readable one is left out (and said). */
    public List<RunSummary> summaries(List<String> ids) {
        List<RunSummary> out = new ArrayList<>();
        for (String id : ids) {
            try {
                RunSummary summary = JSON.readValue(runs().resolve(id).resolve("summary.json").toFile(),
                        RunSummary.class);
                if (summary.id() == null || summary.runAt() == null) {
                    throw new IllegalArgumentException("incomplete");
                }
                out.add(summary);
            } catch (IOException | RuntimeException e) {
                log.println("caveat: warning: no readable summary for archived run " + id + ": left out of the trend");
            }
        }
        return out;
    }

    /**
     * Runs the action while holding the archive's lock: one run at a time per archive (a CronJob and the service
     * may share it), so no run removes another's unfinished folder and ids stay in order.
     */
    <T> T locked(java.util.function.Supplier<T> action) {
        try {
            Files.createDirectories(runs());
            // A file lock keeps other processes out; within this one, threads queue on a lock of their own
            // (the JVM refuses a second file lock on the same file).
            var inProcess = LOCKS.computeIfAbsent(root.toRealPath().toString(),
                    k -> new java.util.concurrent.locks.ReentrantLock());
            inProcess.lock();
            try (var channel = FileChannel.open(root.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 var lock = channel.lock()) {
                return action.get();
            } finally {
                inProcess.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the archive " + root, e);
        }
    }

    /** A new run id after every existing one, even when the clock says otherwise. */
    String nextId(Instant now) {
        List<String> ids = ids();
        Instant at = now;
        if (!ids.isEmpty() && !ReportIds.time(ids.get(ids.size() - 1)).isBefore(at)) {
            at = ReportIds.time(ids.get(ids.size() - 1)).plusMillis(1);
        }
        return ReportIds.of(at);
    }

    /** Writes a run with all its files (name -> content), atomically. */
    void write(String id, Map<String, byte[]> files) {
        try {
            Files.createDirectories(runs());
            removeLeftovers();
            Path temp = Files.createTempDirectory(runs(), TEMP_PREFIX + id + "-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                durably(temp.resolve(file.getKey()), file.getValue());
            }
            // The files' data and the folder's entries reach the disk before the rename makes the run visible,
            // and the rename itself before "run written" is said: a power loss keeps the run whole or not at all.
            syncDirectory(temp);
            try {
                Files.move(temp, runs().resolve(id), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, runs().resolve(id));
            }
            syncDirectory(runs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run " + id + " into the archive " + root, e);
        }
    }

    /** The snapshot of a run costs as much as the cluster's facts: only the newest run keeps its own. */
    void keepSnapshotOnlyIn(String id) {
        for (String other : ids()) {
            if (!other.equals(id)) {
                try {
                    Files.deleteIfExists(runs().resolve(other).resolve(io.caveat.load.SnapshotFile.NAME));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The snapshot the newest run was made from, when it kept one. */
    public java.util.Optional<Path> latestSnapshot() {
        List<String> ids = ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            Path file = runs().resolve(ids.get(i)).resolve(io.caveat.load.SnapshotFile.NAME);
            if (Files.isRegularFile(file)) {
                return java.util.Optional.of(file);
            }
        }
        return java.util.Optional.empty();
    }

    private static void durably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** fsync of a directory, where the platform allows opening one (Linux does; elsewhere it is skipped). */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory,
                StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename is durable enough for the archive.
        }
    }

    /**
     * Keeps the newest keepRuns runs (0: no limit) and those younger than keepDays days (0: no limit); never the
     * run just written.
     */
    List<String> prune(int keepRuns, int keepDays, Instant now, String written) {
        List<String> ids = ids();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < ids.size() - 1; i++) {
            String id = ids.get(i);
            if (id.equals(written)) {
                continue;
            }
            boolean tooMany = keepRuns > 0 && ids.size() - i > keepRuns;
            boolean tooOld = keepDays > 0 && Duration.between(ReportIds.time(id), now).toDays() >= keepDays;
            if (tooMany || tooOld) {
                Directories.delete(runs().resolve(id));
                removed.add(id);
            }
        }
        return removed;
    }

    /** Hidden folders of runs that were being written when a process died. */
    private void removeLeftovers() throws IOException {
        try (Stream<Path> dirs = Files.list(runs())) {
            for (Path leftover : dirs.filter(d -> d.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                log.println("caveat: removing an unfinished run left by an interrupted report: " + leftover.getFileName());
                Directories.delete(leftover);
            }
        }
    }
}
