package io.caveat.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caveat.model.Finding;
import io.caveat.report.Archive;
import io.caveat.report.Lifecycle;
import io.caveat.report.ReportRun;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state of the latest report run as gauges, for dashboards and alerts: its open findings by rule, severity
 * and namespace, what it found new, what it resolved, when it ran and whether it succeeded. Restored from the
 * archive at start, so a restarted service does not read as "no findings".
 */
final class ReportGauges {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One finding of the latest run that counts: waived findings are accepted, not open. */
    record Open(String rule, String severity, String namespace, boolean isNew) {
    }

    private final MultiGauge open;
    private final MultiGauge newFindings;
    private final AtomicReference<Double> resolved = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> runAt = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> success = new AtomicReference<>(Double.NaN);

    ReportGauges(MeterRegistry registry) {
        open = MultiGauge.builder("caveat.open.findings")
                .description("Open (not waived) findings of the latest report run, by rule, severity and namespace "
                        + "(empty for cluster-scoped and PCE objects)").register(registry);
        newFindings = MultiGauge.builder("caveat.last.report.new.findings")
                .description("Findings the latest report run found for the first time, by severity").register(registry);
        Gauge.builder("caveat.last.report.resolved.findings", resolved, AtomicReference::get)
                .description("Findings of the run before that the latest report run no longer found").register(registry);
        Gauge.builder("caveat.last.report.timestamp.seconds", runAt, AtomicReference::get)
                .description("When the latest archived report run ran (Unix time)").register(registry);
        Gauge.builder("caveat.last.report.success", success, AtomicReference::get)
                .description("1 when the latest report run was written from readable sources and published, 0 "
                        + "when it failed, could not read a source or could not publish").register(registry);
    }

    /** A run was written; {@code succeeded} says whether it read every source and published. */
    void written(ReportRun run, boolean succeeded) {
        List<Open> findings = new ArrayList<>();
        for (Finding f : run.evaluation().findings()) {
            if (f.waiver() == null) {
                Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
                findings.add(new Open(f.ruleId(), f.severity().label(), f.subject().namespace(),
                        state != null && state.state().equals(Lifecycle.State.NEW)));
            }
        }
        show(findings, run.lifecycle().resolved().size(), run.runAt());
        success.set(succeeded ? 1.0 : 0.0);
    }

    /** A run failed before anything was written: the findings shown stay those of the last written run. */
    void failed() {
        success.set(0.0);
    }

    /**
     * The latest archived run, read back from its report.json. Whether it succeeded is not in the archive
     * (a failed run writes nothing), so the success gauge reads NaN (unknown) until this process runs a report;
     * the report-failed alert also fires when the timestamp gets old.
     */
    void restore(Archive archive, PrintWriter log) {
        List<String> ids = archive.ids();
        if (ids.isEmpty()) {
            return;
        }
        String id = ids.get(ids.size() - 1);
        try {
            JsonNode report = JSON.readTree(archive.runFile(id, "report.json").toFile());
            JsonNode states = report.path("lifecycle").path("findings");
            List<Open> findings = new ArrayList<>();
            for (JsonNode f : report.path("findings")) {
                if (f.path("waiver").isNull() || f.path("waiver").isMissingNode()) {
                    JsonNode namespace = f.path("subject").path("namespace");
                    findings.add(new Open(f.path("ruleId").asText(), f.path("severity").asText(),
                            namespace.isTextual() ? namespace.asText() : null, Lifecycle.State.NEW.equals(
                            states.path(f.path("fingerprint").asText()).path("state").asText())));
                }
            }
            show(findings, report.path("lifecycle").path("resolved").size(), report.path("runAt").asText());
        } catch (IOException | RuntimeException e) {
            log.println("caveat: warning: the latest archived run " + id + " cannot be read (" + e.getMessage()
                    + "); the report gauges start empty");
            log.flush();
        }
    }

    private void show(List<Open> findings, int resolvedCount, String at) {
        Map<Tags, Integer> byKey = new TreeMap<>(java.util.Comparator.comparing(Tags::toString));
        // Every severity has a sample, 0 included, so that "no new finding" is a value and not a missing series.
        Map<String, Integer> bySeverity = new TreeMap<>();
        for (io.caveat.model.Severity severity : io.caveat.model.Severity.values()) {
            bySeverity.put(severity.label(), 0);
        }
        for (Open f : findings) {
            byKey.merge(Tags.of("rule", f.rule(), "severity", f.severity(), "namespace",
                    f.namespace() == null ? "" : f.namespace()), 1, Integer::sum);
            if (f.isNew()) {
                bySeverity.merge(f.severity(), 1, Integer::sum);
            }
        }
        open.register(byKey.entrySet().stream().map(e -> MultiGauge.Row.of(e.getKey(), e.getValue())).toList(), true);
        newFindings.register(bySeverity.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("severity",
                e.getKey()), e.getValue())).toList(), true);
        resolved.set((double) resolvedCount);
        runAt.set((double) Instant.parse(at).getEpochSecond());
    }
}
