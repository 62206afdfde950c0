package io.caveat.engine;

import java.io.ByteArrayInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * A rule file as the DRL that gets compiled: a .drl file as it is, a decision table as Drools generates it. Every
 * diagnostic about it names a position the author can open: a line of the .drl file, or the table's row and cell
 * (the generated DRL is never shown to the analyst as a place to look).
 */
final class RuleText {
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(\"([^\"]+)\"|(\\S+))", Pattern.MULTILINE);

    private final RuleFile file;
    private final String drl;
    private final SheetCells cells;

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
            throw new RuleLoadException(java.util.List.of(file.name() + ":0:0: the decision table cannot be read: "
                    + e.getMessage()));
        }
    }

    RuleFile file() {
        return file;
    }

    String drl() {
        return drl;
    }

    /** The path the compiler is given: a table's generated DRL gets ".drl" appended so it compiles as DRL. */
    String compiledPath() {
        return file.isDecisionTable() ? file.name() + ".drl" : file.name();
    }

    /** "file:line:column" for a position in {@link #drl()}; for a table, "file:row:column: cell C12 (title)". */
    String at(int line, int column) {
        return cells == null ? file.name() + ":" + Math.max(line, 0) + ":" + Math.max(column, 0)
                : file.name() + ":" + cells.locate(drl, line, column);
    }

    /**
     * Where a compiler message about this file points: at(line, column), except that in a table a message quoting
     * an expression or a name is placed at the cell that holds it (Drools' own line is often the rule's first).
     */
    String at(int line, int column, String message) {
        String quoted = cells == null ? null : cells.locateQuoted(drl, message);
        return quoted != null ? file.name() + ":" + quoted : at(line, column);
    }

    /** Where the rule is declared; in a table, its row, or the cell of that row showing {@code value}. */
    String atRule(String ruleName, String value) {
        return cells == null ? at(Math.max(declares(ruleName), 1), 0)
                : file.name() + ":" + cells.locateRule(drl, ruleName, value);
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
