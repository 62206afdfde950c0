package io.caveat.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * A rule's condition that throws while the engine matches facts: which rule it was, and a knowledge base without
 * it, so that an evaluation can start over and keep the other rules' findings.
 */
final class ConditionFailure {
    /** Drools names the rule in its message: "Error evaluating constraint '...' in [Rule "x" in file.drl]". */
    private static final Pattern RULE = Pattern.compile("\\[Rule \"((?:[^\"\\\\]|\\\\.)*)\"");

    private ConditionFailure() {
    }

    /** The rule whose condition failed, or null when the failure names none (then it is not a rule's). */
    static String rule(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher m = RULE.matcher(t.getMessage());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** What went wrong, in one line: the innermost cause. */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** A new knowledge base of the same packages without the rule (the packages are cloned, the original kept). */
    static KieBase without(KieBase base, String ruleName) {
        // The same class loader: a base read from the cache holds its declared types there, not in caveat's.
        InternalKnowledgeBase copy = KnowledgeBaseFactory.newKnowledgeBase(
                org.drools.core.impl.RuleBaseFactory.newKnowledgeBaseConfiguration(null,
                        ((org.drools.core.impl.InternalRuleBase) base).getRootClassLoader()));
        copy.addPackages(base.getKiePackages());
        for (KiePackage pkg : copy.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                if (rule.getName().equals(ruleName)) {
                    copy.removeRule(pkg.getName(), ruleName);
                    return copy;
                }
            }
        }
        return copy;
    }
}
