package io.caveat.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.model.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes PolicyReports (wgpolicyk8s.io/v1alpha2): one per namespace with findings, plus one
 * ClusterPolicyReport for the rest (nodes, PCE objects), in a List that kubectl apply takes, so Policy Reporter
 * style UIs show caveat's findings. Waived findings are results "skip".
 */
final class PolicyReportFormat {
    static final String API_VERSION = "wgpolicyk8s.io/v1alpha2";
    /** Subjects that are Kubernetes objects, with their API versions; PCE subjects have no Kubernetes resource. */
    private static final Map<String, String> KUBERNETES = Map.of("Service", "v1", "Pod", "v1", "Namespace", "v1",
            "Node", "v1", "DaemonSet", "apps/v1", "Deployment", "apps/v1", "StatefulSet", "apps/v1", "Job", "batch/v1");
    private static final Set<String> NAMESPACED = Set.of("Service", "Pod", "DaemonSet", "Deployment", "StatefulSet",
            "Job", "StaticPod");

    private PolicyReportFormat() {
    }

    static byte[] render(ReportRun run) {
        Map<String, List<Finding>> byNamespace = new TreeMap<>();
        for (Finding f : run.evaluation().findings()) {
            String ns = f.subject().namespace() != null && NAMESPACED.contains(f.subject().kind())
                    ? f.subject().namespace() : "";
            byNamespace.computeIfAbsent(ns, k -> new java.util.ArrayList<>()).add(f);
        }
        // A namespace whose findings were all resolved gets an empty report, replacing its old one when applied.
        for (Lifecycle.Resolved r : run.lifecycle().resolved()) {
            byNamespace.putIfAbsent(r.subject().namespace() != null && NAMESPACED.contains(r.subject().kind())
                    ? r.subject().namespace() : "", new java.util.ArrayList<>());
        }
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode list = yaml.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        long seconds = Instant.parse(run.runAt()).getEpochSecond();
        byNamespace.forEach((ns, findings) -> items.add(report(yaml, run, ns, findings, seconds)));
        try {
            return yaml.writeValueAsBytes(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode report(YAMLMapper yaml, ReportRun run, String namespace, List<Finding> findings,
                                     long seconds) {
        ObjectNode report = yaml.createObjectNode().put("apiVersion", API_VERSION);
        ObjectNode metadata = report.put("kind", namespace.isEmpty() ? "ClusterPolicyReport" : "PolicyReport")
                .putObject("metadata");
        metadata.put("name", namespace.isEmpty() ? "caveat-cluster" : "caveat-" + namespace);
        if (!namespace.isEmpty()) {
            metadata.put("namespace", namespace);
        }
        metadata.putObject("labels").put("app.kubernetes.io/managed-by", "caveat");
        long skipped = findings.stream().filter(f -> f.waiver() != null).count();
        report.putObject("summary").put("pass", 0).put("fail", findings.size() - skipped).put("warn", 0)
                .put("error", 0).put("skip", skipped);
        ArrayNode results = report.putArray("results");
        for (Finding f : findings) {
            ObjectNode r = results.addObject();
            r.put("policy", f.ruleId()).put("rule", f.ruleId()).put("category", "Illumio known limitations")
                    .put("severity", f.severity().label()).put("result", f.waiver() == null ? "fail" : "skip")
                    .put("message", f.message()).put("source", "caveat").put("scored", true);
            r.putObject("timestamp").put("seconds", seconds).put("nanos", 0);
            String apiVersion = KUBERNETES.get(f.subject().kind());
            if (apiVersion != null) {
                ObjectNode resource = r.putArray("resources").addObject().put("apiVersion", apiVersion)
                        .put("kind", f.subject().kind()).put("name", f.subject().name());
                if (f.subject().namespace() != null) {
                    resource.put("namespace", f.subject().namespace());
                }
            }
            Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
            ObjectNode properties = r.putObject("properties");
            properties.put("fingerprint", f.fingerprint()).put("subject", f.subject().toString())
                    .put("state", state.state()).put("firstSeen", state.firstSeen()).put("remediation", f.remediation());
            if (f.waiver() != null) {
                properties.put("waiver", f.waiver().reason());
            }
        }
        return report;
    }
}
