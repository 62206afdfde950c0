package io.caveat.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.model.Evidence;
import io.caveat.model.Finding;
import io.caveat.model.Severity;
import io.caveat.model.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes policy reports of a run: one report per namespace with findings on its objects, plus one cluster
 * report for the rest (nodes, PCE objects), so that Policy Reporter and other PolicyReport UIs show caveat's
 * findings. High and critical findings are results "fail", medium and low "warn", info "pass" (an info finding
 * is a fact worth knowing, such as Illumio's own C-VEN being on the host network), waived ones "skip".
 */
public final class PolicyReportFormat {
    /** Label on every report caveat writes, so that it finds (and replaces or deletes) only its own. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String CAVEAT = "caveat";
    /**
     * Results per report are cut at about this many bytes: etcd refuses objects over 1.5 MiB, and a namespace
     * with thousands of findings would otherwise lose them all.
     */
    static final int MAX_RESULT_BYTES = 750_000;
    /** Subjects that are Kubernetes objects, with their API versions; PCE subjects have no Kubernetes resource. */
    private static final Map<String, String> KUBERNETES = Map.of("Service", "v1", "Pod", "v1", "Namespace", "v1",
            "Node", "v1", "DaemonSet", "apps/v1", "Deployment", "apps/v1", "StatefulSet", "apps/v1", "Job", "batch/v1");
    private static final Set<String> NAMESPACED = Set.of("Service", "Pod", "DaemonSet", "Deployment", "StatefulSet",
            "Job", "StaticPod");
    private static final YAMLMapper YAML = new YAMLMapper();

    private PolicyReportFormat() {
    }

    /** policyreports.yaml of the archive: a List for `kubectl apply`, with an empty report where all was resolved. */
    static byte[] render(ReportRun run) {
        ObjectNode list = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(reports(run, PolicyReportApi.WGPOLICY, true));
        try {
            return YAML.writeValueAsBytes(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The run's reports in one API.
     *
     * @param emptyWhereResolved also an empty report for a namespace whose findings were all resolved (for `kubectl
     *                           apply`, which replaces but never deletes); a publisher deletes those instead
     */
    public static List<ObjectNode> reports(ReportRun run, PolicyReportApi api, boolean emptyWhereResolved) {
        Map<String, List<Finding>> byNamespace = new TreeMap<>();
        for (Finding f : run.evaluation().findings()) {
            byNamespace.computeIfAbsent(reportNamespace(f.subject()), k -> new ArrayList<>()).add(f);
        }
        if (emptyWhereResolved) {
            run.lifecycle().resolved().forEach(r -> byNamespace.putIfAbsent(reportNamespace(r.subject()),
                    new ArrayList<>()));
        }
        long seconds = Instant.parse(run.runAt()).getEpochSecond();
        List<ObjectNode> reports = new ArrayList<>();
        byNamespace.forEach((ns, findings) -> {
            List<List<ObjectNode>> parts = split(findings.stream().map(f -> result(run, f, seconds)).toList());
            for (int i = 0; i < parts.size(); i++) {
                reports.add(report(api, run, ns, i == 0 ? "" : "-" + (i + 1), parts.get(i)));
            }
        });
        return reports;
    }

    private static String reportNamespace(Subject subject) {
        return subject.namespace() != null && NAMESPACED.contains(subject.kind()) ? subject.namespace() : "";
    }

    /** Results in parts under {@link #MAX_RESULT_BYTES}; one part, perhaps empty, when they fit. */
    private static List<List<ObjectNode>> split(List<ObjectNode> results) {
        List<List<ObjectNode>> parts = new ArrayList<>(List.of(new ArrayList<>()));
        long bytes = 0;
        for (ObjectNode r : results) {
            long size = r.toString().length();
            if (bytes + size > MAX_RESULT_BYTES && !parts.get(parts.size() - 1).isEmpty()) {
                parts.add(new ArrayList<>());
                bytes = 0;
            }
            parts.get(parts.size() - 1).add(r);
            bytes += size;
        }
        return parts;
    }

    private static ObjectNode report(PolicyReportApi api, ReportRun run, String namespace, String part,
                                     List<ObjectNode> results) {
        ObjectNode report = YAML.createObjectNode().put("apiVersion", api.apiVersion());
        ObjectNode metadata = report.put("kind", namespace.isEmpty() ? api.clusterKind() : api.kind())
                .putObject("metadata");
        metadata.put("name", (namespace.isEmpty() ? "caveat-cluster" : "caveat-" + namespace) + part);
        if (!namespace.isEmpty()) {
            metadata.put("namespace", namespace);
        }
        metadata.putObject("labels").put(MANAGED_BY, CAVEAT);
        metadata.putObject("annotations").put("caveat.io/run", run.id())
                .put("caveat.io/knowledge-base", run.evaluation().knowledgeBase().version());
        ObjectNode summary = report.putObject("summary");
        for (String result : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(result, results.stream().filter(r -> r.get("result").asText().equals(result)).count());
        }
        report.putArray("results").addAll(results);
        return report;
    }

    private static ObjectNode result(ReportRun run, Finding f, long seconds) {
        ObjectNode r = YAML.createObjectNode();
        r.put("policy", f.ruleId()).put("rule", f.ruleId()).put("category", "Illumio known limitations")
                .put("severity", f.severity().label()).put("result", result(f))
                .put("message", f.message()).put("source", CAVEAT).put("scored", true);
        r.putObject("timestamp").put("seconds", seconds).put("nanos", 0);
        List<Subject> resources = resources(f);
        if (!resources.isEmpty()) {
            ArrayNode list = r.putArray("resources");
            for (Subject s : resources) {
                ObjectNode resource = list.addObject().put("apiVersion", KUBERNETES.get(s.kind())).put("kind", s.kind())
                        .put("name", s.name());
                if (s.namespace() != null) {
                    resource.put("namespace", s.namespace());
                }
            }
        }
        Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
        ObjectNode properties = r.putObject("properties");
        properties.put("fingerprint", f.fingerprint()).put("subject", f.subject().toString())
                .put("state", state.state()).put("firstSeen", state.firstSeen()).put("remediation", f.remediation());
        if (f.waiver() != null) {
            properties.put("waiver", f.waiver().reason());
        }
        return r;
    }

    private static String result(Finding f) {
        if (f.waiver() != null) {
            return "skip";
        }
        if (f.severity() == Severity.INFO) {
            return "pass";
        }
        return f.severity().atLeast(Severity.HIGH) ? "fail" : "warn";
    }

    /**
     * The Kubernetes objects a finding is about: its subject when that is one, else the Nodes of the container
     * hosts among its evidence (a C-VEN host, the hosts a pairing profile pairs).
     */
    private static List<Subject> resources(Finding f) {
        if (KUBERNETES.containsKey(f.subject().kind())) {
            return List.of(f.subject());
        }
        Set<Subject> nodes = new LinkedHashSet<>();
        for (Evidence e : f.evidence()) {
            if (e.kind().equals("ContainerHost") && e.fields().get("node") instanceof String node) {
                nodes.add(new Subject("Node", null, node));
            }
        }
        return List.copyOf(nodes);
    }
}
