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
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;

/**
 * Compiles rule files into a {@link KnowledgeBase} and checks their metadata. Any problem stops the load with
 * diagnostics of the form "file:line:column: message".
 */
public final class RuleCompiler {
    /** Metadata every limitation carries, on at least one of its rules. */
    static final List<String> REQUIRED = List.of("id", "title", "severity", "docs", "remediation");
    private static final java.util.concurrent.atomic.AtomicLong COMPILES = new java.util.concurrent.atomic.AtomicLong();
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(\"([^\"]+)\"|(\\S+))", Pattern.MULTILINE);

    private RuleCompiler() {
    }

    public static KnowledgeBase compile(List<RuleFile> files) {
        if (files.isEmpty()) {
            throw new RuleLoadException(List.of("no rule files (*.drl, *.drl.csv, *.drl.xlsx) found"));
        }
        List<String> unsafe = files.stream().flatMap(f -> MetadataGuard.check(f).stream()).toList();
        if (!unsafe.isEmpty()) {
            throw new RuleLoadException(unsafe);
        }
        String version = KnowledgeBase.version(files);
        KieServices kie = KieServices.Factory.get();
        KieFileSystem fs = kie.newKieFileSystem();
        // Unique per compile: two compiles of the same files at once must not share (and remove) one module.
        ReleaseId release = kie.newReleaseId("io.caveat", "rules", "1.0.0-" + version + "-" + COMPILES.incrementAndGet());
        fs.generateAndWritePomXML(release);
        for (RuleFile file : files) {
            fs.write("src/main/resources/" + file.name(), kie.getResources().newByteArrayResource(file.content())
                    .setSourcePath(file.name())
                    .setResourceType(file.isDecisionTable() ? ResourceType.DTABLE : ResourceType.DRL));
        }
        KieBuilder builder;
        try {
            builder = kie.newKieBuilder(fs).buildAll();
        } catch (RuntimeException e) {
            // Some malformed input (a declare Drools cannot place) crashes the compiler instead of reporting.
            String where = files.size() == 1 ? files.get(0).name() + ":0:0: " : "";
            throw new RuleLoadException(List.of(where + "the compiler failed on these rules: " + e));
        }
        List<String> errors = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            errors.add(position(m.getPath(), m.getLine(), column(m)) + ": " + oneLine(m.getText()));
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        var kieBase = kie.newKieContainer(release).getKieBase();
        kie.getRepository().removeKieModule(release);
        return metadata(kieBase, files, version);
    }

    private static KnowledgeBase metadata(org.kie.api.KieBase kieBase, List<RuleFile> files, String version) {
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
                if (severity != null && !validSeverity(severity.toString(), locate(other, files), errors)) {
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
            kinds.stream().filter(k -> !FactKinds.names().contains(k)).forEach(k -> errors.add(locate(rule, files)
                    + ": @requires names '" + k + "', which is no fact kind (known: "
                    + String.join(", ", FactKinds.names()) + ")"));
            requires.put(rule.getName(), kinds);
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        return new KnowledgeBase(kieBase, version, infos, ruleIds, severities, requires,
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

    private static String source(Rule rule, List<RuleFile> files) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            return impl.getResource().getSourcePath().replaceFirst("^src/main/resources/", "");
        }
        return files.stream().filter(f -> declares(f, rule.getName()) > 0).map(RuleFile::name).findFirst()
                .orElse("?");
    }

    private static String locate(Rule rule, List<RuleFile> files) {
        String source = source(rule, files);
        return files.stream().filter(f -> f.name().equals(source)).findFirst()
                .map(f -> position(f.name(), Math.max(declares(f, rule.getName()), 1), 0))
                .orElse(source);
    }

    /** The line where the file declares the rule, or 0. */
    private static int declares(RuleFile file, String ruleName) {
        Matcher m = RULE_HEADER.matcher(file.text());
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            if (name.equals(ruleName)) {
                return lineOf(file.text(), m.start(1));
            }
        }
        return 0;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String position(String path, int line, int column) {
        String file = path == null ? "?" : path.replaceFirst("^src/main/resources/", "");
        return file + ":" + Math.max(line, 0) + ":" + Math.max(column, 0);
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
