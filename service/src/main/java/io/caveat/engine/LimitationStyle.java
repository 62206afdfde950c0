package io.caveat.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * What keeps a limitation's files readable by analysts: patterns over the shared vocabulary and @message templates,
 * no Java. Refused in a limitation's folder: a DRL function, a cast, String.format, a finding worded in the then part,
 * and imports beyond the model and the collections that patterns collect into. A term several limitations need
 * belongs in rules/vocabulary, where a derived fact names it once.
 */
final class LimitationStyle {
    /** What DRL patterns need: the facts, and the types of collect/accumulate results. */
    private static final Set<String> IMPORTS = Set.of("io.caveat.model.*", "java.util.List", "java.util.Set",
            "java.util.Map", "java.util.Collection");
    private static final Pattern CAST = Pattern.compile("\\(\\s*[A-Z]\\w*(?:<[^()]*>)?\\s*\\)\\s*[$\\w(]");
    private static final Pattern FORMAT = Pattern.compile("String\\s*\\.\\s*format\\s*\\(");
    private static final Pattern WORDED_IN_THEN = Pattern.compile("new\\s+Hit\\s*\\([^)]*,");

    private LimitationStyle() {
    }

    /** Problems at their line of the file's DRL; a file that does not parse is left to the compiler's messages. */
    static List<RuleText.Problem> check(RuleText text) {
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, text.drl());
        } catch (DroolsParserException e) {
            return List.of();
        }
        List<RuleText.Problem> problems = new ArrayList<>();
        if (pkg == null || parser.hasErrors()) {
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
        for (RuleDescr rule : pkg.getRules()) {
            String then = rule.getConsequence() == null ? "" : rule.getConsequence().toString();
            int line = Math.max(rule.getConsequenceLine(), rule.getLine());
            String lead = "rule \"" + rule.getName() + "\": ";
            if (FORMAT.matcher(then).find() || WORDED_IN_THEN.matcher(then).find()) {
                problems.add(new RuleText.Problem(line, 0, lead + "word the finding with @message, not in the then"
                        + " part (its placeholders, sections and counts: rules/README.md)"));
            }
            Matcher cast = CAST.matcher(then);
            if (cast.find()) {
                problems.add(new RuleText.Problem(line, 0, lead + "a cast (" + cast.group().strip() + ") is Java; bind the"
                        + " fact in the when part instead"));
            }
        }
        return problems;
    }
}
