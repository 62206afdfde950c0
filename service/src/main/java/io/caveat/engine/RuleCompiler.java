package io.caveat.engine;

import io.caveat.model.FactKinds;
import io.caveat.model.RuleInfo;
import io.caveat.model.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles rule files into a {@link KnowledgeBase} and checks their metadata. Any problem stops the load with
 * diagnostics of the form "file:line:column: message".
 */
public final class RuleCompiler {
    /** Metadata every limitation carries, on at least one of its rules. */
    static final List<String> REQUIRED = List.of("id", "title", "severity", "docs", "remediation");

    private RuleCompiler() {
    }

    public static KnowledgeBase compile(List<RuleFile> files) {
        if (files.isEmpty()) {
            throw new RuleLoadException(List.of("no rule files (*.drl, *.drl.csv, *.drl.xlsx) found"));
        }
        List<RuleText> texts = files.stream().map(RuleText::of).toList();
        List<String> unsafe = texts.stream().flatMap(t -> t.report(MetadataGuard.check(t)).stream()).toList();
        if (!unsafe.isEmpty()) {
            throw new RuleLoadException(unsafe);
        }
        String version = KnowledgeBase.version(files);
        // A knowledge builder, not a KieModule: no pom, kmodule.xml or repository to write for rules read at run time.
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        CompositeKnowledgeBuilder batch = builder.batch();
        Map<String, RuleText> byPath = new LinkedHashMap<>();
        for (RuleText text : texts) {
            // Tables are compiled as the DRL generated above, so that errors can be traced to their cells.
            byPath.put(text.compiledPath(), text);
            batch.add(ResourceFactory.newByteArrayResource(text.drl().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .setSourcePath(text.compiledPath()), ResourceType.DRL);
        }
        try {
            batch.build();
        } catch (RuntimeException e) {
            // Some malformed input (a declare Drools cannot place) crashes the compiler instead of reporting.
            String where = files.size() == 1 ? files.get(0).name() + ":0:0: " : "";
            throw new RuleLoadException(List.of(where + "the compiler failed on these rules: " + e));
        }
        Map<RuleText, List<RuleText.Problem>> problems = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        long id = 0;
        for (KnowledgeBuilderResult result : builder.getResults(ResultSeverity.ERROR)) {
            Message m = result.asMessage(id++);
            RuleText text = m.getPath() == null ? null : byPath.get(m.getPath().replaceFirst("^src/main/resources/", ""));
            if (text == null) {
                errors.add("?:" + Math.max(m.getLine(), 0) + ":0: " + oneLine(m.getText()));
            } else {
                problems.computeIfAbsent(text, t -> new ArrayList<>())
                        .add(new RuleText.Problem(m.getLine(), column(m), oneLine(m.getText())));
            }
        }
        problems.forEach((text, list) -> errors.addAll(text.report(list)));
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        var kieBase = builder.newKieBase();
        return metadata(kieBase, byPath, version);
    }

    private static KnowledgeBase metadata(org.kie.api.KieBase kieBase, Map<String, RuleText> files, String version) {
        List<String> errors = new ArrayList<>();
        Map<String, String> ruleIds = new LinkedHashMap<>();
        Map<String, String> severities = new LinkedHashMap<>();
        Map<String, List<Rule>> rulesById = new TreeMap<>();
        List<Rule> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            rules.addAll(pkg.getRules());
        }
        rules.sort(Comparator.comparing(Rule::getName));
        for (Rule rule : rules) {
            Object id = rule.getMetaData().get("id");
            if (id == null || id.toString().isBlank()) {
                errors.add(locate(rule, files) + ": rule \"" + rule.getName() + "\" has no @id");
                continue;
            }
            ruleIds.put(rule.getName(), id.toString());
            rulesById.computeIfAbsent(id.toString(), k -> new ArrayList<>()).add(rule);
        }
        List<RuleInfo> infos = new ArrayList<>();
        Map<String, Map<String, Object>> metaById = new TreeMap<>();
        rulesById.forEach((id, idRules) -> {
            // The rule carrying @title holds the limitation's metadata; the others add their own @severity/@requires.
            Rule principal = idRules.stream().filter(r -> r.getMetaData().containsKey("title")).findFirst()
                    .orElse(idRules.get(0));
            Map<String, Object> meta = new LinkedHashMap<>(principal.getMetaData());
            for (Rule other : idRules) {
                Object severity = other.getMetaData().get("severity");
                if (other != principal && severity != null) {
                    severities.put(other.getName(), severity.toString());
                }
                if (severity != null && !validSeverity(severity.toString(), locate(other, files, severity.toString(), "severity"),
                        errors) && other == principal) {
                    meta.remove("severity");
                }
            }
            metaById.put(id, meta);
            List<String> missing = REQUIRED.stream().filter(k -> java.util.Objects.toString(meta.get(k), "").isBlank())
                    .toList();
            if (!missing.isEmpty()) {
                if (errors.stream().noneMatch(e -> e.startsWith(locate(principal, files)))) {
                    errors.add(locate(principal, files) + ": limitation " + id + " lacks metadata "
                            + missing.stream().map(k -> "@" + k).toList()
                            + " (one of its rules must carry @id @title @severity @docs @remediation)");
                }
                return;
            }
            infos.add(new RuleInfo(id, text(meta, "title"), Severity.parse(text(meta, "severity")),
                    text(meta, "docs"), text(meta, "remediation"), text(meta, "limitation"),
                    requires(text(meta, "requires")), source(principal, files)));
        });
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        Map<String, List<String>> requires = new LinkedHashMap<>();
        for (Rule rule : rules) {
            String id = ruleIds.get(rule.getName());
            Object own = rule.getMetaData().get("requires");
            List<String> kinds = requires(own != null ? own.toString() : text(metaById.get(id), "requires"));
            kinds.stream().filter(k -> !FactKinds.names().contains(k)).forEach(k -> errors.add(locate(rule, files,
                    own == null ? null : own.toString(), "requires") + ": @requires names '" + k + "', which is no fact kind (known: "
                    + String.join(", ", FactKinds.names()) + ")"));
            requires.put(rule.getName(), kinds);
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        Map<String, String> sources = new TreeMap<>();
        rules.forEach(rule -> sources.put(rule.getName(), source(rule, files)));
        return new KnowledgeBase(kieBase, version, infos, ruleIds, severities, requires, sources,
                RuleLint.warnings(kieBase, infos, ruleIds), Map.of());
    }

    private static boolean validSeverity(String severity, String where, List<String> errors) {
        try {
            Severity.parse(severity);
            return true;
        } catch (IllegalArgumentException e) {
            errors.add(where + ": " + e.getMessage());
            return false;
        }
    }

    private static List<String> requires(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private static String text(Map<String, Object> meta, String key) {
        Object value = meta.get(key);
        return value == null ? null : value.toString().strip();
    }

    private static String source(Rule rule, Map<String, RuleText> files) {
        return fileOf(rule, files).map(t -> t.file().name()).orElse("?");
    }

    private static String locate(Rule rule, Map<String, RuleText> files) {
        return locate(rule, files, null, null);
    }

    /** The rule's declaration; in a table, the cell of its row showing {@code value} in the column writing @annotation. */
    private static String locate(Rule rule, Map<String, RuleText> files, String value, String annotation) {
        return fileOf(rule, files).map(t -> t.atRule(rule.getName(), value, annotation)).orElse("?");
    }

    private static java.util.Optional<RuleText> fileOf(Rule rule, Map<String, RuleText> files) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            RuleText text = files.get(impl.getResource().getSourcePath().replaceFirst("^src/main/resources/", ""));
            if (text != null) {
                return java.util.Optional.of(text);
            }
        }
        return files.values().stream().filter(t -> t.declaresRule(rule.getName())).findFirst();
    }

    /** Drools often reports column 0 but names the real one in its text ("Line 6:27 ..."). */
    private static int column(Message m) {
        if (m.getColumn() > 0) {
            return m.getColumn();
        }
        Matcher at = Pattern.compile("Line (\\d+):(\\d+)").matcher(m.getText());
        return at.find() && Integer.parseInt(at.group(1)) == m.getLine() ? Integer.parseInt(at.group(2)) : 0;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
