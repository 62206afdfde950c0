package io.caveat.serve;

import io.caveat.engine.KnowledgeBase;
import io.caveat.load.Snapshot;
import io.caveat.publish.ReportPublisher;
import io.caveat.report.Archive;
import io.caveat.report.ReportRun;
import io.caveat.report.ReportRunner;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handlers of /reports: the archive of runs in every format, and a run now. */
final class ReportsApi {
    /** Format name -> the file extension that asks for it, and its content type. */
    private static final Map<String, String[]> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("json", new String[]{".json", "application/json"});
        FORMATS.put("html", new String[]{".html", "text/html; charset=utf-8"});
        FORMATS.put("csv", new String[]{".csv", "text/csv; charset=utf-8"});
        FORMATS.put("junit", new String[]{".xml", "application/xml"});
        FORMATS.put("sarif", new String[]{".sarif", "application/sarif+json"});
        FORMATS.put("policyreport", new String[]{".yaml", "application/yaml"});
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper FIELDS =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ReportsSettings settings;
    private final RulesHolder rules;
    private final SnapshotSource snapshots;
    private final ServiceMetrics metrics;

    /** Turns a request body into a snapshot (documents or live), as /evaluations does. */
    interface SnapshotSource {
        Snapshot read(byte[] body);
    }

    ReportsApi(ReportsSettings settings, RulesHolder rules, SnapshotSource snapshots, ServiceMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.rules = rules;
        this.snapshots = snapshots;
    }

    /**
     * GET /reports: the newest runs, oldest first (the trend's order), ?limit= of them; ?cursor= (a page's next)
     * lists the runs before that one, so that the whole archive can be read page by page.
     */
    void list(Context ctx) {
        int limit = Paging.limit(ctx, 100);
        List<String> ids = archive().ids();
        String cursor = ctx.queryParam("cursor");
        int end = cursor == null ? ids.size() : ids.indexOf(cursor);
        if (end < 0) {
            throw new NotFound("cursor " + cursor + " names no run in the archive");
        }
        int start = Math.max(0, end - limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("reports", archive().summaries(ids.subList(start, end)));
        page.put("next", start > 0 ? ids.get(start) : null);
        ServiceApp.json(ctx, page);
    }

    /** A report over a live collection, for the schedule. */
    void runLive() {
        KnowledgeBase kb = rules.current();
        if (kb == null) {
            throw new IllegalStateException("no knowledge base compiled");
        }
        Snapshot snapshot;
        try {
            snapshot = snapshots.read("{\"live\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            metrics.reportFailed();
            throw e;
        }
        ReportRun run = write(kb, snapshot).run();
        rules.log().println("caveat: scheduled report " + run.id() + ": " + run.evaluation().findings().size()
                + " findings (" + run.lifecycle().newFindings() + " new, " + run.lifecycle().resolved().size()
                + " resolved)");
        rules.log().flush();
    }

    /** A run written into the archive, and how publishing it went (null when the service does not publish). */
    private record Written(ReportRun run, ReportPublisher.Outcome published) {
    }

    /**
     * Runs, archives and publishes one report, and counts it: a snapshot with unreadable sources or a failed
     * publish is a run written but not a success.
     */
    private Written write(KnowledgeBase kb, Snapshot snapshot) {
        ReportRun run;
        try {
            run = settings.runner().run(kb, snapshot, settings.waivers().get(), settings.keepRuns(),
                    settings.keepDays());
        } catch (RuntimeException e) {
            metrics.reportFailed();
            throw e;
        }
        ReportPublisher.Outcome published = null;
        if (settings.publisher() != null) {
            published = settings.publisher().publish(run);
            rules.log().println("caveat: report " + run.id() + ": " + published.message());
            published.failures().forEach(f -> rules.log().println("  " + f));
            rules.log().flush();
        }
        metrics.report(run, published != null && published.status() == ReportPublisher.Status.FAILED
                ? "publish_failed" : !run.evaluation().snapshot().problems().isEmpty()
                || !run.evaluation().snapshot().unreadable().isEmpty() ? "input_error" : "success");
        return new Written(run, published);
    }

    void latest(Context ctx) {
        List<String> ids = archive().ids();
        if (ids.isEmpty()) {
            throw new NotFound("no report in the archive yet");
        }
        send(ctx, ids.get(ids.size() - 1), format(ctx, null));
    }

    /** {id} or {id}.html, .csv, .xml, .sarif, .yaml, .json; else the Accept header; else JSON. */
    void one(Context ctx) {
        String id = ctx.pathParam("id");
        String extension = null;
        for (Map.Entry<String, String[]> f : FORMATS.entrySet()) {
            if (id.endsWith(f.getValue()[0])) {
                extension = f.getKey();
                id = id.substring(0, id.length() - f.getValue()[0].length());
            }
        }
        if (!archive().ids().contains(id)) {
            throw new NotFound("no report " + id + " in the archive");
        }
        send(ctx, id, format(ctx, extension));
    }

    /** Runs one report now, over the posted snapshot or a live collection. */
    void create(Context ctx) {
        ServiceApp.requireJson(ctx);
        archive();
        KnowledgeBase kb = rules.current();
        if (kb == null) {
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("no knowledge base compiled yet"));
            return;
        }
        Written written = write(kb, snapshots.read(ctx.bodyAsBytes()));
        ReportRun run = written.run();
        ReportPublisher.Outcome published = written.published();
        ctx.status(HttpStatus.CREATED).header("Location", ServiceApp.API + "/reports/" + run.id());
        // The counts as GET /reports names them; publishing's outcome beside them.
        Map<String, Object> answer = FIELDS.convertValue(io.caveat.report.RunSummary.of(run),
                new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        if (published != null) {
            answer.put("published", Map.of("status", published.status().name().toLowerCase(java.util.Locale.ROOT),
                    "api", settings.publisher().api().apiVersion(), "applied", published.applied(),
                    "deleted", published.deleted(), "failures", published.failures(), "message", published.message()));
        }
        ServiceApp.json(ctx, answer);
    }

    private Archive archive() {
        if (settings == null) {
            throw new NotFound("reports are not kept by this service: start it with --archive DIR "
                    + "(or report.archive in caveat.yaml)");
        }
        return settings.archive();
    }

    /** GET /reports/{id}/{format} (id may be "latest"): the format by its name, never guessed. */
    void oneIn(Context ctx) {
        String format = ctx.pathParam("format");
        if (!FORMATS.containsKey(format)) {
            throw new io.javalin.http.HttpResponseException(HttpStatus.NOT_ACCEPTABLE.getCode(), "no format '" + format
                    + "': " + String.join(", ", FORMATS.keySet()));
        }
        String id = ctx.pathParam("id");
        List<String> ids = archive().ids();
        if ("latest".equals(id)) {
            if (ids.isEmpty()) {
                throw new NotFound("no report in the archive yet");
            }
            id = ids.get(ids.size() - 1);
        } else if (!ids.contains(id)) {
            throw new NotFound("no report " + id + " in the archive");
        }
        send(ctx, id, format);
    }

    /** The extension's format, else the Accept header's (406 when it accepts none of them), else JSON. */
    private static String format(Context ctx, String extension) {
        if (extension != null) {
            return extension;
        }
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept");
        for (Map.Entry<String, String[]> f : FORMATS.entrySet()) {
            String type = f.getValue()[1].replaceFirst(";.*", "");
            if (accept.contains(type) && !type.equals("application/json")) {
                return f.getKey();
            }
        }
        if (accept.isBlank() || accept.contains("*/*") || accept.contains("application/json")
                || accept.contains("application/*")) {
            return "json";
        }
        throw new io.javalin.http.HttpResponseException(HttpStatus.NOT_ACCEPTABLE.getCode(), "a report is served as "
                + String.join(", ", FORMATS.values().stream().map(v -> v[1].replaceFirst(";.*", "")).toList())
                + ", not " + accept);
    }

    private void send(Context ctx, String id, String format) {
        Path file = archive().runFile(id, ReportRunner.FILES.get(format));
        try {
            ctx.contentType(FORMATS.get(format)[1]).result(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Present only when the service keeps an archive. */
    record ReportsSettings(Archive archive, ReportRunner runner,
                           java.util.function.Supplier<List<io.caveat.report.Waivers.Entry>> waivers,
                           int keepRuns, int keepDays, ReportPublisher publisher) {
    }
}
