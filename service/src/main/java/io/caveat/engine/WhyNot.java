package io.caveat.engine;

import io.caveat.load.Snapshot;
import io.caveat.model.Fact;
import io.caveat.model.Subject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.kie.api.KieBase;
import org.kie.api.definition.type.FactType;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * "Why not": which conditions of a limitation's rules held for one subject and the first that did not. Each rule's
 * top-level conditions are tried cumulatively as probe rules (conditions 1..k, for every k) beside the knowledge
 * base's own, so that the vocabulary derives its facts as in an evaluation; a probe's matches tell whether the
 * subject got that far. Approximate where it says so: a condition before the one that binds the subject holds
 * when any fact satisfies it; not / exists / accumulate count as one condition each; decision tables' rows are
 * not probed.
 */
public final class WhyNot {
    private static final String PROBE = "CaveatWhyNotProbe";
    private static final int MAX_FIRINGS = 2_000_000;

    /** A condition in the rule's own words, and whether it held for the subject. */
    public record Condition(String text, boolean held) {
    }

    /**
     * @param firstFailing the first condition that did not hold, null when all did (then the rule fired, or a
     *                     later step such as the message or a merge with a more severe finding is why none shows)
     * @param looked       the facts the deepest matching conditions looked at for the subject
     */
    public record Answer(String rule, List<Condition> conditions, String firstFailing, List<String> looked,
                         String approximate) {
    }

    private WhyNot() {
    }

    public static List<Answer> explain(KnowledgeBase kb, List<RuleFile> files, String limitation, Subject subject,
                                       Snapshot snapshot) {
        List<RuleText> texts = files.stream().filter(f -> !f.isLimitation()).map(RuleText::of).toList();
        Map<String, List<String>> conditions = new LinkedHashMap<>();
        StringBuilder probes = new StringBuilder();
        String pkg = null;
        List<String> imports = new ArrayList<>();
        int index = 0;
        for (RuleText text : texts) {
            PackageDescr descr = text.descr();
            if (descr == null || text.file().isDecisionTable()) {
                continue;
            }
            for (RuleDescr rule : descr.getRules()) {
                if (!limitation.equals(kb.ruleIds().get(rule.getName()))) {
                    continue;
                }
                pkg = pkg == null ? descr.getName() : pkg;
                descr.getImports().stream().map(ImportDescr::getTarget).filter(i -> !imports.contains(i))
                        .forEach(imports::add);
                List<String> parts = new ArrayList<>();
                for (BaseDescr part : rule.getLhs().getDescrs()) {
                    parts.add(text.drl().substring(part.getStartCharacter(), part.getEndCharacter() + 1).strip());
                }
                conditions.put(rule.getName(), parts);
                for (int k = 1; k <= parts.size(); k++) {
                    probes.append("rule \"caveat-why-not-").append(index).append('-').append(k)
                            .append("\"\nwhen\n").append(String.join("\n", parts.subList(0, k)))
                            .append("\nthen\n    insert(new ").append(PROBE).append("(").append(index).append(", ")
                            .append(k).append(", drools.getMatch().getObjects()));\nend\n");
                }
                index++;
            }
        }
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("no DRL rule of " + limitation + " to explain (a decision table's rows"
                    + " are not probed)");
        }
        StringBuilder probe = new StringBuilder("package ").append(pkg).append(";\n");
        imports.forEach(i -> probe.append("import ").append(i).append(";\n"));
        probe.append("declare ").append(PROBE).append("\n    rule : int\n    level : int\n    matched : java.util.List\n")
                .append("end\n").append(probes);
        KieBase base = build(texts, probe.toString());
        FactType type = base.getFactType(pkg, PROBE);
        KieSession session = base.newKieSession();
        try {
            snapshot.facts().forEach(session::insert);
            session.fireAllRules(MAX_FIRINGS);
            List<Answer> answers = new ArrayList<>();
            int rule = 0;
            for (var entry : conditions.entrySet()) {
                answers.add(answer(entry.getKey(), entry.getValue(), rule++, session, type, subject));
            }
            return answers;
        } finally {
            session.dispose();
        }
    }

    private static Answer answer(String name, List<String> parts, int rule, KieSession session, FactType type,
                                 Subject subject) {
        List<Condition> out = new ArrayList<>();
        List<String> looked = new ArrayList<>();
        String firstFailing = null;
        for (int k = 1; k <= parts.size(); k++) {
            boolean any = false;
            boolean bound = false;
            boolean ofSubject = false;
            for (Object probe : session.getObjects(o -> o.getClass().getSimpleName().equals(PROBE))) {
                if ((int) type.get(probe, "rule") != rule || (int) type.get(probe, "level") != k) {
                    continue;
                }
                any = true;
                List<?> matched = (List<?>) type.get(probe, "matched");
                for (Object fact : matched) {
                    if (fact instanceof Fact f && subject.kind().equals(f.kind())) {
                        bound = true;
                        if (is(f, subject)) {
                            ofSubject = true;
                            looked = matched.stream().filter(Fact.class::isInstance).map(Fact.class::cast)
                                    .map(x -> x.kind() + " " + x.key()).distinct().toList();
                        }
                    }
                }
            }
            boolean held = ofSubject || any && !bound;
            out.add(new Condition(parts.get(k - 1), held && firstFailing == null));
            if (!held && firstFailing == null) {
                firstFailing = parts.get(k - 1);
            }
        }
        return new Answer(name, out, firstFailing, looked, "conditions are tried in their order, each with those "
                + "before it; until one binds the subject, a condition holds when any fact satisfies it");
    }

    private static boolean is(Fact fact, Subject subject) {
        return subject.name().equals(fact.name()) && (subject.namespace() == null ? fact.namespace() == null
                : subject.namespace().equals(fact.namespace()));
    }

    private static KieBase build(List<RuleText> texts, String probe) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        var batch = builder.batch();
        for (RuleText text : texts) {
            batch.add(ResourceFactory.newByteArrayResource(text.drl().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(text.compiledPath()), ResourceType.DRL);
        }
        batch.add(ResourceFactory.newByteArrayResource(probe.getBytes(StandardCharsets.UTF_8))
                .setSourcePath("why-not-probes.drl"), ResourceType.DRL);
        batch.build();
        if (builder.hasErrors()) {
            throw new IllegalStateException("the probes do not compile: " + builder.getErrors());
        }
        return builder.newKieBase();
    }
}
