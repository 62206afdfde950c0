package io.caveat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.engine.KnowledgeBase;
import io.caveat.model.Severity;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules section of caveat.yaml: limitations to disable and severities to change, without editing a rule file;
 * outputs say what was changed.
 * <pre>
 * rules:
 *   disabled: [KL-005]
 *   severity: {KL-002: low}
 * </pre>
 */
final class RulesSection {
    private static final List<String> KEYS = List.of("disabled", "severity");

    private RulesSection() {
    }

    static KnowledgeBase apply(KnowledgeBase kb, JsonNode section) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return kb;
        }
        section.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("caveat.yaml rules: unknown key '" + k + "' (known: disabled, severity)");
            }
        });
        Set<String> disabled = new LinkedHashSet<>();
        section.path("disabled").forEach(id -> disabled.add(id.asText()));
        Map<String, Severity> severity = new LinkedHashMap<>();
        section.path("severity").fields().forEachRemaining(e -> severity.put(e.getKey(), Severity.parse(e.getValue().asText())));
        return kb.configured(disabled, severity);
    }
}
