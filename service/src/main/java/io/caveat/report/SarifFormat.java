package io.caveat.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caveat.model.Finding;
import io.caveat.model.RuleInfo;
import io.caveat.model.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * SARIF 2.1.0: rules' metadata in tool.driver.rules, a result per finding located at its Kubernetes or PCE object
 * (a logical location), the fingerprint as a partial fingerprint, waivers as suppressions.
 */
final class SarifFormat {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifFormat() {
    }

    static byte[] render(ReportRun run, List<RuleInfo> rules) {
        ObjectNode sarif = Archive.JSON.createObjectNode();
        sarif.put("$schema", SCHEMA);
        sarif.put("version", "2.1.0");
        ObjectNode runNode = sarif.putArray("runs").addObject();
        ObjectNode driver = runNode.putObject("tool").putObject("driver");
        driver.put("name", "caveat");
        driver.put("semanticVersion", version());
        driver.put("informationUri", "https://product-docs-repo.illumio.com/Tech-Docs/Containers/out/en/"
                + "kubernetes-and-openshift/troubleshooting/known-limitations.html");
        ArrayNode ruleNodes = driver.putArray("rules");
        for (RuleInfo rule : rules) {
            ObjectNode r = ruleNodes.addObject();
            r.put("id", rule.id());
            r.put("name", rule.id());
            r.putObject("shortDescription").put("text", rule.title());
            r.putObject("fullDescription").put("text", rule.limitation() == null ? rule.title() : rule.limitation());
            r.put("helpUri", rule.docs());
            r.putObject("help").put("text", rule.remediation());
            r.putObject("defaultConfiguration").put("level", level(rule.severity()));
            r.putObject("properties").put("severity", rule.severity().label());
        }
        ArrayNode results = runNode.putArray("results");
        for (Finding f : run.evaluation().findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.ruleId());
            result.put("level", level(f.severity()));
            result.putObject("message").put("text", f.message());
            ObjectNode location = result.putArray("locations").addObject().putArray("logicalLocations").addObject();
            location.put("name", f.subject().name());
            location.put("fullyQualifiedName", f.subject().toString());
            location.put("kind", "resource");
            result.putObject("partialFingerprints").put("caveatFingerprint/v1", f.fingerprint());
            Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
            result.putObject("properties").put("severity", f.severity().label()).put("state", state.state())
                    .put("firstSeen", state.firstSeen()).put("ageDays", state.ageDays());
            if (f.waiver() != null) {
                result.putArray("suppressions").addObject().put("kind", "external").put("status", "accepted")
                        .put("justification", f.waiver().reason() + (f.waiver().owner() == null ? ""
                                : " (owner " + f.waiver().owner() + ", until " + f.waiver().expires() + ")"));
            }
        }
        runNode.putArray("invocations").addObject().put("executionSuccessful", true)
                .put("endTimeUtc", run.runAt());
        try {
            return Archive.JSON.writeValueAsBytes(sarif);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    private static String version() {
        String v = SarifFormat.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
