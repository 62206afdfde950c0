package io.caveat.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;

/**
 * What keeps a limitation's files readable by analysts: patterns over the shared vocabulary and @message templates,
 * no Java. Refused in a limitation's files, in the when and the then part alike: a DRL function, a function import or
 * a global, a cast, String.format, eval, an accumulate with its own init/action/result code, a finding worded in the
 * then part, and imports beyond the model and the collections that patterns collect into. Comments and the text of
 * strings are not read. A term several limitations need belongs in rules/vocabulary, where a derived fact names it
 * once.
 */
final class LimitationStyle {
    /** What DRL patterns need: the facts, and the types of collect/accumulate results. */
    private static final Set<String> IMPORTS = Set.of("io.caveat.model.*", "java.util.List", "java.util.Set",
            "java.util.Map", "java.util.Collection");
    /** Each piece of Java, with what to do instead. */
    private static final List<Map.Entry<Pattern, String>> JAVA = List.of(
            Map.entry(Pattern.compile("(?m)^\\s*import\\s+function\\b"), "a function import is Java; name the idea"
                    + " in rules/vocabulary or give the fact a helper"),
            Map.entry(Pattern.compile("(?m)^\\s*global\\s"), "a global is Java state; rules read facts only"),
            Map.entry(Pattern.compile("\\(\\s*[A-Z]\\w*(?:<[^()]*>)?\\s*\\)\\s*[$\\w(]"), "a cast is Java; bind the"
                    + " fact in the when part instead"),
            Map.entry(Pattern.compile("String\\s*\\.\\s*format\\s*\\("), "String.format is Java; word the finding"
                    + " with @message"),
            Map.entry(Pattern.compile("\\beval\\s*\\("), "eval runs Java; write the test as a constraint of a pattern,"
                    + " or name it in rules/vocabulary"),
            Map.entry(Pattern.compile("\\b(?:init|action|reverse|result)\\s*\\("), "an accumulate with its own code is"
                    + " Java; use collectList, collectSet, count, sum... or name the idea in rules/vocabulary"),
            Map.entry(Pattern.compile("new\\s+Hit\\s*\\([^)]*,"), "word the finding with @message, not in the then"
                    + " part (its placeholders, sections and counts: rules/README.md)"));

    private static final Pattern HIT = Pattern.compile("new\\s+Hit\\s*\\(");

    private LimitationStyle() {
    }

    /** A vocabulary rule derives facts; a finding belongs in a limitation's folder. */
    static List<RuleText.Problem> checkVocabulary(RuleText text) {
        String code = DrlText.codeOnly(text.drl());
        List<RuleText.Problem> problems = new ArrayList<>();
        Matcher m = HIT.matcher(code);
        while (m.find()) {
            problems.add(new RuleText.Problem(DrlText.line(code, m.start()), DrlText.column(code, m.start()),
                    "a vocabulary rule inserts no Hit: it derives facts; findings belong in a limitation's folder"));
        }
        return problems;
    }

    /** Problems at their line of the file's DRL; a file that does not parse is left to the compiler's messages. */
    static List<RuleText.Problem> check(RuleText text) {
        PackageDescr pkg = text.descr();
        List<RuleText.Problem> problems = new ArrayList<>();
        if (pkg == null) {
            return problems;
        }
        for (FunctionDescr function : pkg.getFunctions()) {
            problems.add(new RuleText.Problem(function.getLine(), function.getColumn(), "function "
                    + function.getName() + ": a limitation's rules hold no Java; name the idea once as a derived fact"
                    + " in rules/vocabulary, or give the fact a helper"));
        }
        for (ImportDescr imported : pkg.getImports()) {
            if (!IMPORTS.contains(imported.getTarget())) {
                problems.add(new RuleText.Problem(imported.getLine(), imported.getColumn(), "import "
                        + imported.getTarget() + ": a limitation imports only " + String.join(", ", IMPORTS.stream()
                        .sorted().toList())));
            }
        }
        String code = DrlText.codeOnly(text.drl());
        for (Map.Entry<Pattern, String> java : JAVA) {
            Matcher m = java.getKey().matcher(code);
            while (m.find()) {
                problems.add(new RuleText.Problem(DrlText.line(code, m.start()), DrlText.column(code, m.start()),
                        "'" + text.drl().substring(m.start(), m.end()).strip() + "': " + java.getValue()));
            }
        }
        return problems;
    }
}
