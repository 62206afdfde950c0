package io.caveat.engine;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * A rule file as the DRL that gets compiled: a .drl file as it is, a decision table as Drools generates it. Every
 * diagnostic about it names a position the author can open: a line of the .drl file, or the table's row and cell
 * (the generated DRL is never shown to the analyst as a place to look).
 */
final class RuleText {
    /** Positions in the generated DRL that Drools writes into its messages: meaningless in a sheet. */
    private static final Pattern DRL_POSITION = Pattern.compile("\\[Line: \\d+, Column: \\d+]|\\bLine \\d+:\\d+\\b|"
            + "\\[ERR \\d+] ");
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(\"([^\"]+)\"|(\\S+))", Pattern.MULTILINE);

    private final RuleFile file;
    private final String drl;
    private final SheetCells cells;
    private PackageDescr descr;
    private List<Problem> syntax;

    private RuleText(RuleFile file, String drl, SheetCells cells) {
        this.file = file;
        this.drl = drl;
        this.cells = cells;
    }

    /** The file's DRL; a table Drools cannot turn into rules is a load error naming the file. */
    static RuleText of(RuleFile file) {
        if (!file.isDecisionTable()) {
            return new RuleText(file, file.text(), null);
        }
        try {
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(file.content()),
                    file.name().endsWith(".csv") ? InputType.CSV : InputType.XLS);
            return new RuleText(file, drl, SheetCells.read(file));
        } catch (RuntimeException e) {
            throw new RuleLoadException(List.of(file.name() + ":0:0: the decision table cannot be read: "
                    + e.getMessage()));
        }
    }

    RuleFile file() {
        return file;
    }

    String drl() {
        return drl;
    }

    /** The DRL as Drools' parser reads it, parsed once for every check; null when it does not parse. */
    PackageDescr descr() {
        parse();
        return descr;
    }

    /** What the parser could not read, at its line; empty when the file parses. */
    List<Problem> syntaxProblems() {
        parse();
        return syntax;
    }

    private void parse() {
        if (syntax != null) {
            return;
        }
        DrlParser parser = new DrlParser();
        try {
            descr = parser.parse(false, drl);
        } catch (DroolsParserException e) {
            syntax = List.of(new Problem(0, 0, e.getMessage()));
            return;
        }
        if (parser.hasErrors() || descr == null) {
            descr = null;
            syntax = parser.getErrors().stream().map(error -> new Problem(error.getLines().length > 0
                    ? error.getLines()[0] : 0, 0, error.getMessage())).toList();
        } else {
            syntax = List.of();
        }
    }

    /** The path the compiler is given: a table's generated DRL gets ".drl" appended so it compiles as DRL. */
    String compiledPath() {
        return file.isDecisionTable() ? file.name() + ".drl" : file.name();
    }

    /** A problem at a line and column of {@link #drl()} (0 when unknown). */
    record Problem(int line, int column, String message) {
    }

    /**
     * The problems as "file:line:column: message". For a table, "file:row:column: cell C12 (title): message": a
     * message quoting an expression or a name is placed at the cell holding it (Drools' own line is often the
     * rule's first); the same mistake in every row that fills a column is the column's code, said once at its
     * code cell; the generated DRL's line numbers are left out of the message.
     */
    List<String> report(List<Problem> problems) {
        if (cells == null) {
            return problems.stream().map(p -> file.name() + ":" + Math.max(p.line(), 0) + ":"
                    + Math.max(p.column(), 0) + ": " + p.message()).distinct().toList();
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<SheetCells.Cell, String> located = new LinkedHashMap<>();
        for (Problem p : problems) {
            int nth = seen.merge(p.message(), 1, Integer::sum) - 1;
            SheetCells.Cell quoted = cells.locateQuoted(drl, p.message(), nth);
            SheetCells.Cell cell = quoted != null ? quoted : cells.locate(drl, p.line(), p.column());
            located.putIfAbsent(cell, DRL_POSITION.matcher(p.message()).replaceAll("").strip());
        }
        Map<List<Object>, List<SheetCells.Cell>> sameMistake = new LinkedHashMap<>();
        located.forEach((cell, message) -> {
            if (cell.inRules()) {
                sameMistake.computeIfAbsent(List.of(cell.header(), cell.column(), rowFree(message)),
                        k -> new ArrayList<>()).add(cell);
            }
        });
        List<String> out = new ArrayList<>();
        Set<SheetCells.Cell> said = new HashSet<>();
        located.forEach((cell, message) -> {
            if (said.contains(cell)) {
                return;
            }
            List<SheetCells.Cell> group = cell.inRules() ? sameMistake.get(List.of(cell.header(), cell.column(),
                    rowFree(message))) : List.of(cell);
            List<Integer> rows = group.stream().map(SheetCells.Cell::row).toList();
            if (group.size() > 1 && rows.containsAll(cells.rowsUsing(cell.header(), cell.column()))) {
                said.addAll(group);
                out.add(at(cell.code()) + ": " + rowFree(message) + " (in every row: the column's code)");
            } else {
                said.add(cell);
                out.add(at(cell) + ": " + message + (cell.inCode() ? " (in every row: the column's code)" : ""));
            }
        });
        return out;
    }

    /** Where the rule is declared; in a table, its row, or the cell of that row showing {@code value}. */
    String atRule(String ruleName, String value, String annotation) {
        return cells == null ? file.name() + ":" + Math.max(declares(ruleName), 1) + ":0"
                : at(cells.locateRule(drl, ruleName, value, annotation));
    }

    private String at(SheetCells.Cell cell) {
        return file.name() + ":" + cells.describe(cell);
    }

    /** A message without what differs from row to row: the rule's name, the quoted expression. */
    private static String rowFree(String message) {
        return message.replaceAll("rule \"[^\"]*\"", "rule").replaceAll("\\[Near : \\{.*?}]", "")
                .replaceAll("Unable to Analyse Expression .*?:", "Unable to Analyse Expression:").strip();
    }

    boolean declaresRule(String ruleName) {
        return declares(ruleName) > 0;
    }

    /** The line where the DRL declares the rule, or 0. */
    private int declares(String ruleName) {
        Matcher m = RULE_HEADER.matcher(drl);
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3);
            if (name.equals(ruleName)) {
                return (int) drl.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
            }
        }
        return 0;
    }
}
