package io.caveat.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caveat.collect.CollectSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The REST service: every route in {@link #routes()}, thin handlers over {@link RulesApi} and
 * {@link EvaluationsApi}, errors as JSON, a bearer token on /api/v1 when one is configured.
 */
public final class ServiceApp {
    static final String API = "/api/v1";
    /** The history keeps at most this many bytes of answers, whatever their number. */
    static final long HISTORY_BYTES = 256L * 1024 * 1024;
    /** "Why not" on an evaluation needs its facts: kept for this many of the newest, this many facts in all. */
    static final int SNAPSHOTS_KEPT = 16;
    static final long SNAPSHOT_FACTS = 2_000_000;
    static final long SNAPSHOT_BYTES = 256L * 1024 * 1024;
    /** The page runs only its own scripts and talks only to this service. */
    private static final java.util.Map<String, String> PAGE_HEADERS = java.util.Map.of(
            // CodeMirror's lint markers are data: images; its styles are set through the DOM, not inline markup.
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                    + " form-action 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One route: the method, the path, what answers it. */
    record Route(String method, String path, Handler handler) {
    }

    /**
     * How the service runs.
     *
     * @param live     where {"live": true} and scheduled reports collect from; null when the service has none
     * @param token    the bearer token /api/v1 requires; null for none (only allowed on a loopback address)
     * @param waivers  waivers file, read at each evaluation (analysts edit it like the rules); or null
     * @param archive  where reports are archived; null when the service keeps no reports
     * @param publisher writes each report's policy reports into the cluster; null when reports are not published
     */
    public record Options(java.nio.file.Path rules, CollectSettings live, String token, String editorToken,
                          long maxBodyBytes,
                          long maxInFlightBytes, int history, java.nio.file.Path waivers, java.nio.file.Path archive, int keepRuns,
                          int keepDays, java.util.function.UnaryOperator<io.caveat.engine.KnowledgeBase> configure,
                          io.caveat.publish.ReportPublisher publisher) {
    }

    private final Options options;
    private final RulesHolder rules;
    private final ServiceMetrics metrics;
    private final RulesApi rulesApi;
    private final RulesChangesApi changesApi;
    private final RulesFiles files;
    private final EvaluationsApi evaluationsApi;
    private final ReportsApi reportsApi;
    private final PrintWriter log;
    private final BodyBudget bodies;
    /** Slower than this, a request body is not a client uploading: 1 KiB/s. */
    private static final long MIN_BODY_BYTES_PER_SECOND = 1024;

    public ServiceApp(Options options, PrintWriter log) {
        this.options = options;
        this.log = log;
        this.bodies = new BodyBudget(options.maxInFlightBytes(), options.maxBodyBytes());
        this.metrics = new ServiceMetrics();
        this.rules = new RulesHolder(options.rules(), options.configure(), metrics, log);
        this.files = new RulesFiles(rules);
        this.changesApi = new RulesChangesApi(rules, options.token(), options.editorToken());
        this.rulesApi = new RulesApi(rules, () -> options.archive() == null ? null
                : new io.caveat.report.Archive(options.archive(), log).latestSnapshot()
                        .map(io.caveat.load.SnapshotFile::read).orElse(null), changesApi::refusal);
        java.util.function.Supplier<List<io.caveat.report.Waivers.Entry>> waivers = () -> {
            try {
                return options.waivers() == null ? List.of() : io.caveat.report.Waivers.load(options.waivers());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError(e.getMessage());
            }
        };
        waivers.get();
        this.evaluationsApi = new EvaluationsApi(rules, metrics, new EvaluationHistory(options.history(),
                HISTORY_BYTES), new EvaluationSnapshots(Math.min(options.history(), SNAPSHOTS_KEPT), SNAPSHOT_FACTS, SNAPSHOT_BYTES),
                options.live(), waivers, log);
        ReportsApi.ReportsSettings reports = options.archive() == null ? null : new ReportsApi.ReportsSettings(
                new io.caveat.report.Archive(options.archive(), log),
                new io.caveat.report.ReportRunner(new io.caveat.report.Archive(options.archive(), log),
                        java.time.Clock.systemUTC(), log), waivers, options.keepRuns(), options.keepDays(),
                options.publisher());
        this.reportsApi = new ReportsApi(reports, rules, body -> SnapshotRequest.read(body, options.live(), log),
                metrics);
        if (reports != null) {
            metrics.restore(reports.archive(), log);
        }
    }

    /**
     * Runs a report with the live sources now: what the schedule calls.
     *
     * @throws IllegalStateException when the service has no archive or no live sources
     */
    public void scheduledReport() {
        if (options.archive() == null || options.live() == null) {
            throw new IllegalStateException("scheduled reports need an archive and live sources");
        }
        reportsApi.runLive();
    }

    /** All routes, in one place; docs/openapi.json describes exactly these (a test checks). */
    List<Route> routes() {
        return List.of(
                new Route("get", "/healthz", ctx -> json(ctx, java.util.Map.of("status", "up"))),
                new Route("get", "/readyz", rulesApi::ready),
                new Route("get", "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape())),
                new Route("get", "/openapi.json", ServiceApp::openApi),
                new Route("get", API + "/rules", rulesApi::list),
                // Before /rules/{id}, which would take "history" or "files" for a rule's id.
                new Route("get", API + "/rules/history", changesApi::history),
                new Route("get", API + "/rules/history/{version}", changesApi::version),
                new Route("get", API + "/rules/files", files::list),
                new Route("get", API + "/rules/file", files::one),
                new Route("get", API + "/rules/{id}", rulesApi::one),
                new Route("post", API + "/rules/validate", bodies.guard(rulesApi::validate)),
                new Route("post", API + "/rules/reload", rulesApi::reload),
                new Route("post", API + "/rules/dry-run", bodies.guard(rulesApi::dryRun)),
                new Route("post", API + "/rules/changes", bodies.guard(changesApi::change)),
                new Route("post", API + "/rules/why-not", bodies.guard(rulesApi::whyNot)),
                new Route("post", API + "/rules/history/{version}/restore", changesApi::restore),
                new Route("post", API + "/evaluations", bodies.guard(evaluationsApi::create)),
                new Route("get", API + "/evaluations", evaluationsApi::list),
                new Route("get", API + "/evaluations/{id}", evaluationsApi::one),
                new Route("get", API + "/evaluations/{id}/why-not", ctx -> rulesApi.whyNot(ctx,
                        evaluationsApi.snapshotOf(ctx.pathParam("id")))),
                new Route("get", API + "/reports", reportsApi::list),
                new Route("get", API + "/reports/latest", reportsApi::latest),
                new Route("get", API + "/reports/{id}", reportsApi::one),
                new Route("get", API + "/reports/{id}/{format}", reportsApi::oneIn),
                new Route("post", API + "/reports", bodies.guard(reportsApi::create)));
    }

    /** Compiles the rules once and builds the server (not yet listening). */
    public Javalin create() {
        rules.reload();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            // A body trickling in (a byte every few seconds) would hold a server thread for ever: below this rate
            // the request is ended, so that slow clients cannot take every thread.
            config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
            config.routes.before(API + "/*", this::authorize);
            // The rules workbench: a page of the jar that only calls /api/v1, so it needs no token to load.
            config.staticFiles.add(files -> {
                files.hostedPath = "/ui";
                files.directory = "/caveat-ui";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.headers = PAGE_HEADERS;
            });
            config.staticFiles.enableWebjars();
            // Its links are relative to /ui/: without the slash they would resolve against the root.
            config.routes.before("/ui", ctx -> {
                if (ctx.path().equals("/ui")) {
                    ctx.redirect("/ui/", HttpStatus.MOVED_PERMANENTLY);
                }
            });
            // One line per request: method, path, status, duration; never a query, a body or a token.
            config.requestLogger.http((ctx, millis) -> {
                log.println("caveat: access " + ctx.method() + " " + ctx.path() + " " + ctx.statusCode() + " "
                        + Math.round(millis) + " ms");
                log.flush();
            });
            config.routes.before("/*", this::refuseOversized);
            for (Route route : routes()) {
                switch (route.method()) {
                    case "get" -> config.routes.get(route.path(), route.handler());
                    case "post" -> config.routes.post(route.path(), route.handler());
                    default -> throw new IllegalStateException("no such method: " + route.method());
                }
            }
            config.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST,
                    new ApiError(e.getMessage(), e.field(), List.of())));
            config.routes.exception(NotFound.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND,
                    ApiError.of(e.getMessage())));
            config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> error(ctx,
                    HttpStatus.forStatus(e.getStatus()), ApiError.of(e.getMessage())));
            config.routes.exception(ConfigurationError.class, (e, ctx) -> error(ctx, HttpStatus.INTERNAL_SERVER_ERROR,
                    ApiError.of("the service's configuration is broken: " + e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.println("caveat: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                log.flush();
                error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, ApiError.of("the request failed inside caveat: "
                        + e.getClass().getSimpleName()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(ctx, HttpStatus.NOT_FOUND, ApiError.of("no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
    }

    /** A JSON body, or none said: 415 for a body declared as something else (a form, text, YAML). */
    static void requireJson(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.isBlank()) {
            String mime = type.replaceFirst(";.*", "").strip().toLowerCase(java.util.Locale.ROOT);
            if (!mime.equals("application/json") && !mime.endsWith("+json")) {
                throw new io.javalin.http.HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                        "the body must be JSON (Content-Type: application/json), not " + mime);
            }
        }
    }

    /** Starts the watcher of the rules directory; close it to stop watching. */
    public AutoCloseable watchRules() {
        return new RulesWatcher(rules);
    }

    /** A body larger than the limit is refused by its Content-Length, before a byte of it is read. */
    private void refuseOversized(Context ctx) {
        String header = ctx.header("Content-Length");
        if (header != null && BodyBudget.parse(header) > options.maxBodyBytes()) {
            throw new io.javalin.http.HttpResponseException(413, "the request body is larger than the service"
                    + " accepts (" + options.maxBodyBytes() / (1024 * 1024) + " MiB, --max-body-mb)", java.util.Map.of());
        }
    }

    private void authorize(Context ctx) {
        String token = options.token();
        if (token == null && options.editorToken() == null) {
            return;
        }
        String given = bearer(ctx);
        // The editor token reads as well as changes; which requests may change rules is decided per route.
        if (!matches(given, token) && !matches(given, options.editorToken())) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"caveat\"");
            throw new io.javalin.http.UnauthorizedResponse("a bearer token is required (Authorization: Bearer ...)");
        }
    }

    /** The request's bearer token, "" when it gives none. */
    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
    }

    /** Compared in constant time; never matches a token that is not configured. */
    static boolean matches(String given, String token) {
        return token != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static void openApi(Context ctx) {
        try (InputStream in = ServiceApp.class.getResourceAsStream("/caveat-api/openapi.json")) {
            ctx.contentType("application/json").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(bytes(body));
    }

    static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void error(Context ctx, HttpStatus status, ApiError body) {
        ctx.status(status);
        json(ctx, body);
    }
}
