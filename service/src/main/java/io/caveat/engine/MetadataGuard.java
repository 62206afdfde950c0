package io.caveat.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * Drools evaluates an annotation value such as @id(...) as an MVEL expression when it compiles the rules, and a
 * declared type's field initial value too; so @id(java.lang.Runtime.getRuntime().exec(...)) would run code on
 * the machine that merely checks a rule. caveat parses each file with Drools' own parser (so that every way of
 * writing an annotation is seen as Drools sees it) and allows only plain values: a quoted string, a number, or
 * names (@watch(type, !name)); field initial values only as such literals. Checked before anything is compiled,
 * for rule files on disk and for rules submitted to the service alike. The same parse tree also checks that a
 * rule's @message names only what the rule binds.
 */
final class MetadataGuard {
    private static final Pattern PLAIN = Pattern.compile(
            "\\s*(\"([^\"\\\\]|\\\\.)*\"|-?\\d+(\\.\\d+)?|[!*\\w\\s,]*)\\s*");
    private static final Pattern LITERAL = Pattern.compile("\\s*(\"([^\"\\\\]|\\\\.)*\"|-?\\d+(\\.\\d+)?|true|false|null)\\s*");

    private static final Pattern WORDED_HIT = Pattern.compile("new\\s+Hit\\s*\\(\\s*\\$\\w+\\s*\\)");
    private static final Pattern BINDING = Pattern.compile("(\\$\\w+)\\s*:(?!=)");

    private MetadataGuard() {
    }

    /** Problems at their line and column of the file's DRL; empty when every value is plain. */
    static List<RuleText.Problem> check(RuleText text) {
        if (text.descr() == null) {
            // Syntax errors: nothing is compiled, and the parser's own messages say where.
            return text.syntaxProblems();
        }
        PackageDescr pkg = text.descr();
        List<RuleText.Problem> problems = new ArrayList<>();
        Map<String, RuleDescr> byName = new java.util.HashMap<>();
        pkg.getRules().forEach(rule -> byName.put(rule.getName(), rule));
        for (RuleDescr rule : pkg.getRules()) {
            problems.addAll(messageProblems(text, rule, byName));
        }
        for (Object node : descendants(pkg)) {
            if (node instanceof AnnotationDescr annotation) {
                for (Map.Entry<String, Object> value : annotation.getValueMap().entrySet()) {
                    if (value.getValue() != null && !PLAIN.matcher(value.getValue().toString()).matches()) {
                        problems.add(problem(text, annotation, 0, value.getValue().toString(), "metadata @"
                                + annotation.getName() + " must be a quoted string, a number or names"
                                + ": Drools evaluates anything else as code when it compiles the rules"));
                    }
                }
            } else if (node instanceof TypeFieldDescr field && field.getInitExpr() != null
                    && !LITERAL.matcher(field.getInitExpr()).matches()) {
                problems.add(problem(text, field, 0, field.getInitExpr(), "the initial value of declared field "
                        + field.getFieldName() + " must be a literal: Drools evaluates it as code when it compiles the rules"));
            }
        }
        return problems;
    }

    /**
     * A @message must name only what the rule binds (itself or the rules it extends, in the same file) and close the
     * sections it opens; a rule inserting a Hit without a message needs one.
     */
    private static List<RuleText.Problem> messageProblems(RuleText text, RuleDescr rule, Map<String, RuleDescr> byName) {
        AnnotationDescr message = rule.getAnnotation("message");
        String lead = "rule \"" + rule.getName() + "\" ";
        if (message == null) {
            return rule.getConsequence() != null && WORDED_HIT.matcher(rule.getConsequence().toString()).find()
                    ? List.of(new RuleText.Problem(rule.getLine(), 0,
                    lead + "inserts new Hit(subject) without a message, so it needs @message(\"...\")"))
                    : List.of();
        }
        Set<String> bound = new HashSet<>();
        Set<RuleDescr> seen = new HashSet<>();
        for (RuleDescr r = rule; r != null && seen.add(r); r = r.getParentName() == null ? null
                : byName.get(r.getParentName())) {
            for (Object node : descendants(r.getLhs())) {
                if (node instanceof PatternDescr pattern && pattern.getIdentifier() != null) {
                    bound.add(pattern.getIdentifier());
                } else if (node instanceof ExprConstraintDescr constraint) {
                    BINDING.matcher(constraint.getExpression()).results().forEach(m -> bound.add(m.group(1)));
                }
            }
        }
        String template = String.valueOf(message.getSingleValue());
        List<RuleText.Problem> problems = new ArrayList<>();
        MessageTemplate.unbound(template, bound).forEach(name -> problems.add(problem(text, message, rule.getLine(),
                template, lead + "@message uses {" + name + "}, which the rule does not bind; it binds "
                        + (bound.isEmpty() ? "nothing" : String.join(", ", new TreeSet<>(bound))))));
        MessageTemplate.mistakes(template).forEach(mistake -> problems.add(problem(text, message, rule.getLine(),
                template, lead + "@message: " + mistake)));
        return problems;
    }

    /**
     * At the descriptor; the parser leaves annotations without a line, so then where its text first appears from
     * line {@code from} on (the rule's own declaration, so that equal values in two rules are told apart).
     */
    private static RuleText.Problem problem(RuleText text, BaseDescr descr, int from, String value, String message) {
        if (descr.getLine() > 0) {
            return new RuleText.Problem(descr.getLine(), descr.getColumn(), message);
        }
        String drl = text.drl();
        int start = 0;
        for (int line = 1; line < from && start >= 0; line++) {
            start = drl.indexOf('\n', start) + 1;
        }
        int at = drl.indexOf(value.strip(), Math.max(start, 0));
        if (at < 0) {
            return new RuleText.Problem(0, 0, message);
        }
        int line = (int) drl.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        return new RuleText.Problem(line, at - drl.lastIndexOf('\n', at - 1), message);
    }

    /**
     * Every node below the package, however Drools nests them (rules, patterns inside and/or/not/from/accumulate,
     * type declarations and their fields): found by walking the descriptors' fields, so no nesting is missed.
     */
    private static Collection<Object> descendants(BaseDescr root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Object node = todo.remove(todo.size() - 1);
            if (node == null || !seen.add(node)) {
                continue;
            }
            if (node instanceof Collection<?> collection) {
                todo.addAll(collection);
            } else if (node instanceof Map<?, ?> map) {
                todo.addAll(map.values());
            } else if (node instanceof BaseDescr) {
                for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                            try {
                                f.setAccessible(true);
                                todo.add(f.get(node));
                            } catch (ReflectiveOperationException | RuntimeException e) {
                                // A field the runtime will not open holds no descriptor of ours.
                            }
                        }
                    }
                }
            }
        }
        seen.removeIf(node -> !(node instanceof BaseDescr));
        return seen;
    }
}
