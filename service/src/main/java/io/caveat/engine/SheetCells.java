package io.caveat.engine;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.drools.decisiontable.parser.csv.CsvParser;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.template.parser.DataListener;

/**
 * The cells of a decision table, read by Drools' own sheet parsers, so that a line of the DRL Drools generates
 * from the table can be traced back to the cell it came from. Drools marks each generated rule with
 * "// rule values at A12, header at A4": the rule's row and its table's header; the column is the cell of that
 * row whose value the line shows (nearest the error's column when several do), else the header's code cell.
 */
final class SheetCells implements DataListener {
    private static final Pattern RULE_MARK = Pattern.compile("// rule values at ([A-Z]+)(\\d+), header at ([A-Z]+)(\\d+)");
    /** Below a RuleTable cell: keywords, object types, code snippets, column titles, then one rule per row. */
    private static final int CODE_ROW = 3;
    private static final int TITLE_ROW = 4;
    /** What Drools quotes in its messages, most precise first: the expression, a quoted name, a class name. */
    private static final List<Pattern> QUOTES = List.of(
            Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.}]"),
            Pattern.compile("Unable to Analyse Expression (.+?):"),
            Pattern.compile("'([^']+)'"),
            Pattern.compile("\\b(\\w+(?:\\.\\w+){2,})\\b"));

    private final List<Map<Integer, Map<Integer, String>>> sheets = new ArrayList<>();

    static SheetCells read(RuleFile file) {
        SheetCells cells = new SheetCells();
        if (file.name().endsWith(".csv")) {
            new CsvParser(cells, new CsvLineParser()).parseFile(new ByteArrayInputStream(file.content()));
        } else {
            new ExcelParser(cells).parseFile(new ByteArrayInputStream(file.content()));
        }
        return cells;
    }

    @Override
    public void startSheet(String name) {
        sheets.add(new TreeMap<>());
    }

    @Override
    public void finishSheet() {
    }

    @Override
    public void newRow(int row, int columns) {
    }

    @Override
    public void newCell(int row, int column, String value, int mergedColStart) {
        if (sheets.isEmpty()) {
            startSheet("");
        }
        if (value != null && !value.isBlank()) {
            sheets.get(sheets.size() - 1).computeIfAbsent(row, r -> new TreeMap<>()).put(column, value.strip());
        }
    }

    /** A cell, 0-based; {@code header} is the row of its table's RuleTable cell (null outside a table). */
    record Cell(int row, int column, Integer header) {
        /** A row of rules, not one of the table's header rows. */
        boolean inRules() {
            return header != null && row > header + TITLE_ROW;
        }

        /** A column's code (row 8 of a table): a mistake there is in every row's rule. */
        boolean inCode() {
            return header != null && row == header + CODE_ROW;
        }

        Cell code() {
            return new Cell(header + CODE_ROW, column, header);
        }
    }

    /** Where line {@code line} (1-based) of the generated DRL came from; {@code column} is the error's, or 0. */
    Cell locate(String drl, int line, int column) {
        String[] lines = drl.split("\n", -1);
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher mark = RULE_MARK.matcher(lines[i]);
            if (mark.find()) {
                return inRule(Integer.parseInt(mark.group(2)) - 1, Integer.parseInt(mark.group(4)) - 1, text, column);
            }
        }
        return outsideRules(text);
    }

    /**
     * Where a compiler message points when its line cannot be trusted: Drools gives some errors no line, or the
     * rule's first line, but quotes the expression ("[Near : {... x == y ....}]") or the class name it rejects.
     * The {@code nth} (0-based) line quoting it, for the nth of several identical messages (one per row); null
     * when the message quotes nothing found in the DRL or the table.
     */
    Cell locateQuoted(String drl, String message, int nth) {
        for (Pattern quote : QUOTES) {
            Matcher m = quote.matcher(message);
            while (m.find()) {
                String fragment = m.group(1).strip();
                if (fragment.length() < 3) {
                    continue;
                }
                String[] lines = drl.split("\n", -1);
                List<Integer> quoting = new ArrayList<>();
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].contains(fragment) && !lines[i].strip().startsWith("import ")) {
                        quoting.add(i);
                    }
                }
                if (!quoting.isEmpty()) {
                    int i = quoting.get(Math.min(nth, quoting.size() - 1));
                    return locate(drl, i + 1, lines[i].indexOf(fragment) + 1);
                }
                for (Map<Integer, Map<Integer, String>> sheet : sheets) {
                    for (Map.Entry<Integer, Map<Integer, String>> row : sheet.entrySet()) {
                        for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                            if (cell.getValue().contains(fragment)) {
                                return new Cell(row.getKey(), cell.getKey(), null);
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * Where the rule named {@code ruleName} is: its row, from the mark Drools writes above it; the cell showing
     * {@code value} when one of the row does, preferring the column whose code writes {@code annotation} (a bad
     * @severity points at the severity cell, even when another cell holds the same word).
     */
    Cell locateRule(String drl, String ruleName, String value, String annotation) {
        String[] lines = drl.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            Matcher mark = RULE_MARK.matcher(lines[i - 1]);
            if (lines[i].strip().equals("rule \"" + ruleName + "\"") && mark.find()) {
                int row = Integer.parseInt(mark.group(2)) - 1;
                int header = Integer.parseInt(mark.group(4)) - 1;
                Map<Integer, String> code = row(header + CODE_ROW);
                return row(row).entrySet().stream().filter(c -> value != null && c.getValue().equals(value))
                        .sorted(java.util.Comparator.comparing(c -> annotation == null
                                || !code.getOrDefault(c.getKey(), "").startsWith(annotation + "(")))
                        .map(c -> new Cell(row, c.getKey(), header)).findFirst()
                        .orElse(new Cell(row, column(mark.group(1)), header));
            }
        }
        return new Cell(0, 0, null);
    }

    /** The rows of rules below a table's header that fill the column (each row's rule uses its code). */
    List<Integer> rowsUsing(int header, int column) {
        List<Integer> rows = new ArrayList<>();
        for (int row = header + TITLE_ROW + 1; !row(row).isEmpty(); row++) {
            if (row(row).containsKey(column)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** "12:3: cell C12 (title)", 1-based as a spreadsheet shows it, with the column's title when in a table. */
    String describe(Cell cell) {
        String title = cell.header() == null ? null : row(cell.header() + TITLE_ROW).get(cell.column());
        return (cell.row() + 1) + ":" + (cell.column() + 1) + ": cell " + letters(cell.column()) + (cell.row() + 1)
                + (title == null ? "" : " (" + title + ")");
    }

    private Cell inRule(int row, int header, String text, int errorColumn) {
        Map<Integer, String> values = row(row);
        Integer best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Map.Entry<Integer, String> cell : values.entrySet()) {
            int at = text.indexOf(cell.getValue());
            if (at < 0) {
                continue;
            }
            int distance = errorColumn <= 0 ? -cell.getValue().length()
                    : errorColumn < at ? at - errorColumn : Math.max(0, errorColumn - (at + cell.getValue().length()));
            if (best == null || distance < bestDistance) {
                best = cell.getKey();
                bestDistance = distance;
            }
        }
        if (best == null) {
            // A line with no value of the row comes from a snippet in the table's header.
            for (Map.Entry<Integer, String> code : row(header + CODE_ROW).entrySet()) {
                String fixed = code.getValue().replaceAll("\\$(param|\\d+)", "").strip();
                if (!fixed.isEmpty() && text.contains(fixed)) {
                    return new Cell(header + CODE_ROW, code.getKey(), header);
                }
            }
            return new Cell(row, values.isEmpty() ? 0 : values.keySet().iterator().next(), header);
        }
        return new Cell(row, best, header);
    }

    /** Package, import and global lines come from the RuleSet rows above the tables. */
    private Cell outsideRules(String text) {
        String token = text.strip().replaceFirst("^(package|import|global)\\s+", "").replaceFirst(";$", "").strip();
        for (Map<Integer, Map<Integer, String>> sheet : sheets) {
            for (Map.Entry<Integer, Map<Integer, String>> row : sheet.entrySet()) {
                for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                    if (!token.isEmpty() && cell.getValue().contains(token)) {
                        return new Cell(row.getKey(), cell.getKey(), null);
                    }
                }
            }
        }
        return new Cell(0, 0, null);
    }

    private Map<Integer, String> row(int row) {
        return sheets.stream().map(sheet -> sheet.get(row)).filter(r -> r != null).findFirst().orElse(Map.of());
    }

    private static String letters(int column) {
        StringBuilder name = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            name.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return name.toString();
    }

    private static int column(String letters) {
        int column = 0;
        for (char c : letters.toCharArray()) {
            column = column * 26 + (c - 'A' + 1);
        }
        return column - 1;
    }
}
