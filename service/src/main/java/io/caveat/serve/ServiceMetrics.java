package io.caveat.serve;

import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** What the service counts, for Prometheus: evaluations, their duration, findings, rule reloads. */
final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer duration = Timer.builder("caveat.evaluation.duration")
            .description("Time to load a snapshot and fire the rules over it").publishPercentileHistogram()
            .register(registry);

    /** @param outcome findings, clean (no finding), input_error (unreadable input) or failed */
    void evaluation(String outcome, Duration took, Evaluation evaluation) {
        Counter.builder("caveat.evaluations").description("Evaluations by outcome").tag("outcome", outcome)
                .register(registry).increment();
        duration.record(took);
        if (evaluation != null) {
            for (Finding f : evaluation.findings()) {
                Counter.builder("caveat.findings").description("Findings reported, by rule and severity")
                        .tag("rule", f.ruleId()).tag("severity", f.severity().label()).register(registry).increment();
            }
        }
    }

    void reload(boolean ok) {
        Counter.builder("caveat.rules.reloads").description("Reloads of the rules directory, by result")
                .tag("result", ok ? "success" : "failure").register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
