package io.caveat.serve;

import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * What the service shows Prometheus: evaluations, their duration and findings, rule reloads, report runs and the
 * latest run's open findings, and the JVM and process (memory, GC, threads, CPU, file descriptors, uptime).
 */
final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer duration = Timer.builder("caveat.evaluation.duration")
            .description("Time to load a snapshot and fire the rules over it").publishPercentileHistogram()
            .register(registry);
    private final ReportGauges reports = new ReportGauges(registry);

    ServiceMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** @param outcome findings, clean (no finding), input_error (unreadable input) or failed */
    void evaluation(String outcome, Duration took, Evaluation evaluation) {
        Counter.builder("caveat.evaluations").description("Evaluations by outcome").tag("outcome", outcome)
                .register(registry).increment();
        duration.record(took);
        if (evaluation != null) {
            for (Finding f : evaluation.findings()) {
                Counter.builder("caveat.evaluation.findings")
                        .description("Findings answered by POST /api/v1/evaluations, by rule and severity, summed over "
                                + "requests (the open findings are caveat_open_findings)")
                        .tag("rule", f.ruleId()).tag("severity", f.severity().label()).register(registry).increment();
            }
        }
    }

    void reload(boolean ok) {
        Counter.builder("caveat.rules.reloads").description("Reloads of the rules directory, by result")
                .tag("result", ok ? "success" : "failure").register(registry).increment();
    }

    /**
     * A report run was written.
     *
     * @param outcome success, input_error (a source could not be read) or publish_failed
     */
    void report(io.caveat.report.ReportRun run, String outcome) {
        reportRun(outcome);
        reports.written(run, outcome.equals("success"));
    }

    /** A report run failed before anything was written (the collection, the rules). */
    void reportFailed() {
        reportRun("failed");
        reports.failed();
    }

    /** Shows the latest archived run until this process runs one. */
    void restore(io.caveat.report.Archive archive, java.io.PrintWriter log) {
        reports.restore(archive, log);
    }

    private void reportRun(String outcome) {
        Counter.builder("caveat.report.runs").description("Report runs (scheduled or POST /api/v1/reports), by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
