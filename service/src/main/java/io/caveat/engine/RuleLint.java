package io.caveat.engine;

import io.caveat.model.FactKinds;
import io.caveat.model.RuleInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Warnings on rules that compile but are likely wrong: a rule matching a type caveat never inserts (it can never
 * fire), one that updates what it matched without no-loop (it can fire forever), a remediation that is not a
 * sentence, a docs link that is not https, one id on rules of several files.
 */
final class RuleLint {
    private RuleLint() {
    }

    /** update(...) or modify(...) in a rule's consequence: the engine matches the changed fact again. */
    private static final java.util.regex.Pattern UPDATES = java.util.regex.Pattern.compile("\\b(update|modify)\\s*\\(");

    static List<String> warnings(KieBase kieBase, List<RuleInfo> rules, java.util.Map<String, String> ruleIds,
                                 List<String> drls) {
        List<String> warnings = new ArrayList<>();
        Set<String> inserted = new java.util.HashSet<>(FactKinds.names());
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                if (rule instanceof RuleImpl impl) {
                    if (!impl.isNoLoop() && !impl.isLockOnActive() && UPDATES.matcher(consequence(drls, rule.getName()))
                            .find()) {
                        warnings.add(ruleIds.get(rule.getName()) + " rule \"" + rule.getName() + "\" updates a fact in"
                                + " its consequence without no-loop (or lock-on-active): if the change matches again, it"
                                + " fires until the evaluation's firing bound stops it");
                    }
                    for (String type : matchedTypes(impl.getLhs())) {
                        if (!inserted.contains(type)) {
                            warnings.add(ruleIds.get(rule.getName()) + " rule \"" + rule.getName() + "\" matches " + type
                                    + ", which caveat never inserts: it can never fire (fact kinds: rules/README.md)");
                        }
                    }
                }
            }
        }
        for (RuleInfo r : rules) {
            if (!r.remediation().strip().endsWith(".")) {
                warnings.add(r.id() + " (" + r.source() + "): the remediation should end with a full stop");
            }
            if (!r.docs().startsWith("https://")) {
                warnings.add(r.id() + " (" + r.source() + "): the docs link should be https: " + r.docs());
            }
        }
        return warnings;
    }

    /** The text between a rule's "then" and its "end", from the DRL that declares it ("" when not found). */
    private static String consequence(List<String> drls, String name) {
        String header = "rule \"" + name + "\"";
        for (String drl : drls) {
            int at = drl.indexOf(header);
            if (at >= 0) {
                java.util.regex.Matcher then = java.util.regex.Pattern.compile("(?m)^\\s*then\\b").matcher(drl);
                java.util.regex.Matcher end = java.util.regex.Pattern.compile("(?m)^\\s*end\\b").matcher(drl);
                if (then.find(at) && end.find(then.end())) {
                    return drl.substring(then.end(), end.start());
                }
            }
        }
        return "";
    }

    /** Types of the patterns matched against inserted facts (not those iterating a collected list). */
    private static Set<String> matchedTypes(RuleConditionElement element) {
        Set<String> out = new LinkedHashSet<>();
        if (element instanceof Pattern pattern) {
            if (pattern.getSource() == null && pattern.getObjectType() instanceof ClassObjectType type
                    && type.getClassName().startsWith("io.caveat.")) {
                out.add(type.getClassType().getSimpleName());
            }
            for (RuleConditionElement nested : pattern.getNestedElements()) {
                out.addAll(matchedTypes(nested));
            }
        } else if (element instanceof GroupElement group) {
            for (RuleConditionElement child : group.getChildren()) {
                out.addAll(matchedTypes(child));
            }
        } else if (element != null) {
            for (RuleConditionElement nested : element.getNestedElements()) {
                out.addAll(matchedTypes(nested));
            }
        }
        return out;
    }
}
