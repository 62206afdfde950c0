package io.caveat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.collect.CollectSettings;
import io.caveat.report.ReportSchedule;
import io.caveat.serve.ServiceApp;
import java.time.Clock;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** caveat serve: the REST service, with the rules directory watched and reloaded when an edit compiles. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the REST API (/api/v1, /healthz, /readyz, /metrics, /openapi.json) and the rules "
                + "workbench (/ui/).",
        footer = {"", "On an address other than loopback, /api/v1 requires a bearer token: $CAVEAT_API_TOKEN or "
                + "--token-file. Live evaluations ({\"live\": true}) use the source options or --config."})
final class ServeCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "CAVEAT_API_TOKEN";
    static final String EDITOR_TOKEN_ENV = "CAVEAT_EDITOR_TOKEN";

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0 for any)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "rules directory to serve and watch (default: $CAVEAT_RULES)")
    Path rules;

    @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the bearer token")
    Path tokenFile;

    @Option(names = "--editor-token-file", paramLabel = "FILE", description = "file holding the token that may also "
            + "change rules (POST /api/v1/rules/changes, restore; default: $CAVEAT_EDITOR_TOKEN); with a token but "
            + "no editor token, rules cannot be changed through the service")
    Path editorTokenFile;

    @Option(names = "--max-body-mb", defaultValue = "64", description = "largest request body (default: ${DEFAULT-VALUE})")
    int maxBodyMb;

    @Option(names = "--max-in-flight-mb", defaultValue = "128", description = "request bodies all evaluations in "
            + "flight may hold together; past it, 503 with Retry-After (default: ${DEFAULT-VALUE})")
    int maxInFlightMb;

    @Option(names = "--history", defaultValue = "100", description = "recent evaluations kept (default: ${DEFAULT-VALUE})")
    int history;

    @Option(names = "--waivers", paramLabel = "FILE", description = "waivers file applied to every evaluation")
    Path waivers;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "keep reports here (/api/v1/reports; default: report.archive in caveat.yaml)")
    Path archive;

    @Option(names = "--report-schedule", paramLabel = "CRON",
            description = "run a report with the live sources on this Unix cron schedule, UTC (default: "
                    + "report.schedule in caveat.yaml)")
    String schedule;

    @Mixin
    CollectOptions collect;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (maxBodyMb < 1 || history < 1) {
            err.println("caveat: --max-body-mb and --history must be at least 1");
            return Main.EXIT_INPUT;
        }
        if (maxInFlightMb < maxBodyMb) {
            err.println("caveat: --max-in-flight-mb (" + maxInFlightMb + ") must be at least --max-body-mb ("
                    + maxBodyMb + "): a body of the largest size must fit");
            return Main.EXIT_INPUT;
        }
        Path directory = rules != null ? rules : System.getenv(RulesOption.ENV) == null ? null
                : Path.of(System.getenv(RulesOption.ENV));
        if (directory == null || !Files.isDirectory(directory)) {
            err.println("caveat: serve needs a rules directory to serve and watch: --rules DIR (or $CAVEAT_RULES)");
            return Main.EXIT_INPUT;
        }
        String token = token(tokenFile, TOKEN_ENV);
        String editorToken = token(editorTokenFile, EDITOR_TOKEN_ENV);
        if (editorToken != null && editorToken.equals(token)) {
            err.println("caveat: the editor token must differ from the API token, or every reader could change rules");
            return Main.EXIT_INPUT;
        }
        if (token == null && editorToken == null && !InetAddress.getByName(bind).isLoopbackAddress()) {
            err.println("caveat: binding " + bind + " exposes the API beyond this machine: set " + TOKEN_ENV
                    + " or --token-file so that /api/v1 requires a bearer token");
            return Main.EXIT_INPUT;
        }
        JsonNode report = collect.section("report");
        Path archiveDir = archive != null ? archive : collect.configuredPath(report, "archive");
        String cron = schedule != null ? schedule : report.hasNonNull("schedule") ? report.get("schedule").asText() : null;
        CollectSettings sources = collect.settings();
        CollectSettings live = collect.given() ? sources : null;
        if (cron != null && (archiveDir == null || live == null)) {
            err.println("caveat: a report schedule needs an archive (--archive or report.archive) and live sources "
                    + "(--config caveat.yaml or the source options)");
            return Main.EXIT_INPUT;
        }
        ServiceApp service = new ServiceApp(new ServiceApp.Options(directory, live, token, editorToken, maxBodyMb * 1024L * 1024L,
                maxInFlightMb * 1024L * 1024L,
                history, waivers != null ? waivers : collect.configuredPath(report, "waivers"), archiveDir,
                report.path("keepRuns").asInt(0), report.path("keepDays").asInt(0),
                kb -> RulesSection.apply(kb, collect.section("rules")),
                Publishing.publisher(null, null, report, sources)), err);
        ReportSchedule scheduled = cron == null ? null
                : new ReportSchedule(cron, service::scheduledReport, Clock.systemUTC(), err);
        Javalin app = service.create().start(bind, port);
        AutoCloseable watcher = service.watchRules();
        if (scheduled != null) {
            scheduled.start();
        }
        err.printf("caveat: serving http://%s:%d (rules %s, watched)%n", bind, app.port(), directory);
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            stopped.countDown();
        }));
        stopped.await();
        watcher.close();
        if (scheduled != null) {
            scheduled.close();
        }
        return 0;
    }

    /** A configured token; a blank one counts as none (it would let an empty header through). */
    private static String token(Path file, String env) throws IOException {
        String value = file != null ? Files.readString(file) : System.getenv(env);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
