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
import org.drools.base.base.SalienceInteger;
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
    /** The folder of the shared vocabulary: rules there derive facts, they are no limitation. */
    public static final String VOCABULARY = "vocabulary";
    /** Above any salience a limitation rule would give itself. */
    private static final int VOCABULARY_SALIENCE = 1_000_000;

    private RuleCompiler() {
    }

    public static KnowledgeBase compile(List<RuleFile> files) {
        List<RuleFile> ruleFiles = files.stream().filter(f -> !f.isLimitation()).toList();
        if (ruleFiles.isEmpty()) {
            throw new RuleLoadException(List.of("no rule files (*.drl, *.drl.csv, *.drl.xlsx) found"));
        }
        List<LimitationFile> limitations = limitations(files);
        List<RuleText> texts = ruleFiles.stream().map(RuleText::of).toList();
        List<String> unsafe = new ArrayList<>(texts.stream().flatMap(t -> t.report(MetadataGuard.check(t)).stream())
                .toList());
        for (RuleText text : texts) {
            unsafe.addAll(text.report(text.file().name().startsWith(VOCABULARY + "/")
                    ? LimitationStyle.checkVocabulary(text) : LimitationStyle.check(text)));
        }
        texts.forEach(t -> unsafe.addAll(t.report(SettingsRead.check(t))));
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
            String where = ruleFiles.size() == 1 ? ruleFiles.get(0).name() + ":0:0: " : "";
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
        return metadata(kieBase, byPath, limitations, version);
    }

    /** Every limitation.yaml, read strictly; two folders claiming one id are a mistake. */
    private static List<LimitationFile> limitations(List<RuleFile> files) {
        List<String> errors = new ArrayList<>();
        List<LimitationFile> out = new ArrayList<>();
        Map<String, LimitationFile> byId = new LinkedHashMap<>();
        for (RuleFile file : files.stream().filter(RuleFile::isLimitation).toList()) {
            if (!file.name().contains("/") || file.name().startsWith(VOCABULARY + "/")) {
                errors.add(file.name() + ":1:1: a limitation.yaml belongs in its own folder under limitations/, not "
                        + (file.name().contains("/") ? "in the vocabulary" : "at the top of the rules"));
                continue;
            }
            try {
                LimitationFile limitation = LimitationFile.read(file);
                LimitationFile earlier = byId.putIfAbsent(limitation.id(), limitation);
                if (earlier != null) {
                    errors.add(limitation.at("id") + ": limitation " + limitation.id() + " is already "
                            + earlier.file().name() + "; give this folder its own id");
                }
                out.add(limitation);
            } catch (RuleLoadException e) {
                errors.addAll(e.diagnostics());
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        return out;
    }

    private static KnowledgeBase metadata(org.kie.api.KieBase kieBase, Map<String, RuleText> files,
                                          List<LimitationFile> limitations, String version) {
        List<String> errors = new ArrayList<>();
        Map<String, String> ruleIds = new LinkedHashMap<>();
        Map<String, String> severities = new LinkedHashMap<>();
        Map<String, List<Rule>> rulesById = new TreeMap<>();
        Map<String, LimitationFile> limitationById = new TreeMap<>();
        List<Rule> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            rules.addAll(pkg.getRules());
        }
        rules.sort(Comparator.comparing(Rule::getName));
        for (Rule rule : rules) {
            String file = source(rule, files);
            LimitationFile owner = owner(file, limitations);
            Object own = rule.getMetaData().get("id");
            if (owner == null && file.startsWith(VOCABULARY + "/")) {
                // A term of the shared vocabulary: it derives facts for the limitations, finds nothing itself.
                if (own != null || rule.getMetaData().containsKey("message")) {
                    errors.add(locate(rule, files) + ": rule \"" + rule.getName() + "\" is vocabulary (under "
                            + VOCABULARY + "/): it derives facts and takes no @id or @message; findings belong in "
                            + "a limitation's folder");
                }
                firstOfAll(rule);
                continue;
            }
            String id = owner != null ? owner.id() : own == null ? null : own.toString();
            if (id == null || id.isBlank()) {
                errors.add(locate(rule, files) + ": rule \"" + rule.getName() + "\" has no @id (and no "
                        + LimitationFile.NAME + " in its folder says which limitation it serves)");
                continue;
            }
            if (owner != null && own != null && !own.toString().equals(id)) {
                errors.add(locate(rule, files, own.toString(), "id") + ": rule \"" + rule.getName() + "\" says @id "
                        + own + " but its folder is limitation " + id + " (" + owner.file().name() + ")");
                continue;
            }
            ruleIds.put(rule.getName(), id);
            rulesById.computeIfAbsent(id, k -> new ArrayList<>()).add(rule);
            if (owner != null) {
                limitationById.put(id, owner);
            }
        }
        limitations.stream().filter(l -> !rulesById.containsKey(l.id())).forEach(l -> errors.add(l.at("id")
                + ": limitation " + l.id() + " has no rule: put its .drl (or .drl.csv) file in " + l.folder() + "/"));
        List<RuleInfo> infos = new ArrayList<>();
        Map<String, Map<String, Object>> metaById = new TreeMap<>();
        rulesById.forEach((id, idRules) -> {
            LimitationFile limitation = limitationById.get(id);
            // Without a limitation.yaml, the rule carrying @title holds the limitation's words.
            Rule principal = limitation != null ? null : idRules.stream()
                    .filter(r -> r.getMetaData().containsKey("title")).findFirst().orElse(idRules.get(0));
            Map<String, Object> meta = limitation != null ? new LinkedHashMap<>(limitation.fields())
                    : new LinkedHashMap<>(principal.getMetaData());
            if (limitation != null && meta.get("severity") != null
                    && !validSeverity(meta.get("severity").toString(), limitation.at("severity"), errors)) {
                meta.remove("severity");
            }
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
                String where = limitation != null ? limitation.file().name() + ":1:1" : locate(principal, files);
                if (errors.stream().noneMatch(e -> e.startsWith(where))) {
                    errors.add(where + ": limitation " + id + " lacks metadata "
                            + missing.stream().map(k -> "@" + k).toList()
                            + " (one of its rules must carry @id @title @severity @docs @remediation)");
                }
                return;
            }
            infos.add(new RuleInfo(id, text(meta, "title"), Severity.parse(text(meta, "severity")),
                    text(meta, "docs"), text(meta, "remediation"), text(meta, "limitation"),
                    requires(text(meta, "requires")),
                    limitation != null ? limitation.file().name() : source(principal, files),
                    text(meta, limitation != null ? "source" : "sourceVersion"), text(meta, "appliesTo"),
                    limitation != null ? text(meta, "detects") : null));
        });
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        Map<String, List<String>> requires = new LinkedHashMap<>();
        for (Rule rule : rules) {
            String id = ruleIds.get(rule.getName());
            if (id == null) {
                continue;
            }
            Object own = rule.getMetaData().get("requires");
            LimitationFile limitation = limitationById.get(id);
            boolean inYaml = own == null && limitation != null;
            String where = inYaml ? limitation.at("requires") + ": requires"
                    : locate(rule, files, own == null ? null : own.toString(), "requires") + ": @requires";
            List<String> kinds = requires(own != null ? own.toString() : text(metaById.get(id), "requires"));
            kinds.stream().filter(k -> !FactKinds.names().contains(k)).forEach(k -> errors.add(where
                    + " names '" + k + "', which is no fact kind (known: "
                    + String.join(", ", FactKinds.names()) + ")"));
            requires.put(rule.getName(), kinds);
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        Map<String, String> sources = new TreeMap<>();
        rules.forEach(rule -> sources.put(rule.getName(), source(rule, files)));
        List<String> warnings = new ArrayList<>(RuleLint.warnings(kieBase, infos, ruleIds,
                files.values().stream().map(RuleText::drl).toList()));
        infos.stream().filter(r -> !limitationById.containsKey(r.id())).forEach(r -> warnings.add(r.id() + " ("
                + r.source() + "): keep each limitation in its own folder under limitations/, with a "
                + LimitationFile.NAME + " and its scenarios"));
        return new KnowledgeBase(kieBase, version, infos, ruleIds, severities, requires, sources, warnings, Map.of());
    }

    /**
     * Vocabulary rules fire before every limitation rule, so that a limitation collecting derived facts (the active
     * pods of an owner) sees all of them, never a part; among themselves they keep the order their salience gives.
     */
    private static void firstOfAll(Rule rule) {
        if (rule instanceof RuleImpl impl && !impl.isSalienceDynamic()) {
            impl.setSalience(new SalienceInteger(VOCABULARY_SALIENCE + impl.getSalienceValue()));
        }
    }

    /** The limitation whose folder holds the file: the nearest limitation.yaml above it. */
    private static LimitationFile owner(String file, List<LimitationFile> limitations) {
        return limitations.stream().filter(l -> l.owns(file))
                .max(Comparator.comparingInt(l -> l.folder().length())).orElse(null);
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
