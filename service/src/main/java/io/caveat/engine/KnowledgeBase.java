package io.caveat.engine;

import io.caveat.model.KnowledgeBaseInfo;
import io.caveat.model.RuleInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * A compiled, validated set of rules. Immutable and shared: each evaluation opens its own session on it.
 *
 * @param rules      one entry per limitation id, in id order
 * @param ruleIds    DRL rule name -> limitation id (several DRL rules may serve one limitation)
 * @param severities DRL rule name -> its own @severity where it overrides the limitation's
 * @param requires   DRL rule name -> the fact kinds it needs: its own @requires, else its limitation's
 * @param files      DRL rule name -> the rule file (DRL or decision table) it comes from
 * @param warnings   what `rules check` points out about rules that compile (a rule that can never fire...)
 * @param settings   limitation id -> what caveat.yaml changed about it ("disabled", "severity medium -> low")
 */
public record KnowledgeBase(KieBase kieBase, String version, List<RuleInfo> rules, Map<String, String> ruleIds,
                            Map<String, String> severities, Map<String, List<String>> requires,
                            Map<String, String> files, List<String> warnings, Map<String, String> settings) {

    /** A limitation caveat.yaml turned off: not fired, reported as disabled. */
    public boolean disabled(String id) {
        return "disabled in caveat.yaml".equals(settings.get(id));
    }

    /**
     * This knowledge base with caveat.yaml's rules section applied: limitations disabled, severities changed,
     * without touching a rule file.
     *
     * @throws IllegalArgumentException when the section names a limitation that does not exist
     */
    public KnowledgeBase configured(java.util.Set<String> disabled, Map<String, io.caveat.model.Severity> severity) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        rules.forEach(r -> ids.add(r.id()));
        java.util.List<String> unknown = new java.util.ArrayList<>();
        disabled.stream().filter(id -> !ids.contains(id)).forEach(unknown::add);
        severity.keySet().stream().filter(id -> !ids.contains(id)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("caveat.yaml rules: no limitation " + String.join(", ", unknown));
        }
        Map<String, String> notes = new java.util.TreeMap<>();
        List<RuleInfo> changed = rules.stream().map(r -> {
            if (disabled.contains(r.id())) {
                notes.put(r.id(), "disabled in caveat.yaml");
                return r;
            }
            io.caveat.model.Severity to = severity.get(r.id());
            if (to == null) {
                return r;
            }
            // Said even when it equals the default: it still overrides the severities rules set on their own.
            notes.put(r.id(), "severity " + (to == r.severity() ? to.label()
                    : r.severity().label() + " -> " + to.label()) + " (caveat.yaml)");
            return new RuleInfo(r.id(), r.title(), to, r.docs(), r.remediation(), r.limitation(), r.requires(),
                    r.source(), r.origin(), r.appliesTo(), r.detects());
        }).toList();
        return new KnowledgeBase(kieBase, version, changed, ruleIds, severities, requires, files, warnings, notes);
    }

    /** caveat.yaml set this limitation's severity: it applies to every finding, whatever its rule says. */
    public boolean severityConfigured(String id) {
        String note = settings.get(id);
        return note != null && note.startsWith("severity ");
    }

    /** The DRL rule names serving a limitation, in name order. */
    public List<String> ruleNames(String id) {
        return ruleIds.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).sorted()
                .toList();
    }

    public KnowledgeBaseInfo info() {
        return new KnowledgeBaseInfo(version, rules.size());
    }

    public RuleInfo rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** The version a knowledge base of these files reports, without compiling them. */
    public static String versionOf(List<RuleFile> files) {
        return version(files);
    }

    /** A short hash of the rule files' names and contents. */
    static String version(List<RuleFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile file : files) {
                sha.update(file.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.content());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
