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
 * SARIF 2.1.0: rules' metadata in tool.driver.rules (help with the remediation and docs, GitHub's
 * security-severity), a result per finding located at its Kubernetes or PCE object (a logical location) and, when
 * the object was read from a file, at that file and line (a physical location: what code scanning annotates),
 * the fingerprint as a partial fingerprint, waivers as suppressions.
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
            ObjectNode help = r.putObject("help");
            help.put("text", rule.remediation() + (rule.docs() == null ? "" : " Docs: " + rule.docs()));
            help.put("markdown", "**Limitation.** " + (rule.limitation() == null ? rule.title() : rule.limitation())
                    + "\n\n**Remediation.** " + rule.remediation()
                    + (rule.docs() == null ? "" : "\n\n[Illumio documentation](" + rule.docs() + ")"));
            r.putObject("defaultConfiguration").put("level", level(rule.severity()));
            ObjectNode properties = r.putObject("properties");
            properties.put("severity", rule.severity().label());
            // GitHub code scanning ranks security alerts by this score (critical > 9, high 7-8.9, ...).
            properties.put("security-severity", securitySeverity(rule.severity()));
            properties.putArray("tags").add("security").add("kubernetes").add("illumio");
        }
        ArrayNode results = runNode.putArray("results");
        for (Finding f : run.evaluation().findings()) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.ruleId());
            result.put("level", level(f.severity()));
            result.putObject("message").put("text", f.message());
            ObjectNode where = result.putArray("locations").addObject();
            if (f.source() != null) {
                ObjectNode physical = where.putObject("physicalLocation");
                physical.putObject("artifactLocation").put("uri", f.source().file());
                physical.putObject("region").put("startLine", f.source().line());
            }
            ObjectNode location = where.putArray("logicalLocations").addObject();
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

    private static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
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
