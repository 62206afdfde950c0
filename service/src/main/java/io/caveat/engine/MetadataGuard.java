package io.caveat.engine;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Drools evaluates a metadata value such as @id(...) as an MVEL expression when it compiles the rules, so a value
 * like @id(java.lang.Runtime.getRuntime().exec(...)) would run code on the machine that merely checks a rule.
 * caveat allows only plain values: a quoted string, a number, or names (@watch(type, !name)). Checked before
 * anything is compiled, for rule files on disk and for rules submitted to the service alike.
 */
final class MetadataGuard {
    private static final Pattern PLAIN = Pattern.compile(
            "\\s*(\"([^\"\\\\]|\\\\.)*\"|-?\\d+(\\.\\d+)?|[!*\\w\\s,]*)\\s*");

    private MetadataGuard() {
    }

    /** Diagnostics as "file:line:column: message"; empty when every metadata value is plain. */
    static List<String> check(RuleFile file) {
        String drl;
        try {
            drl = file.isDecisionTable() ? new SpreadsheetCompiler().compile(new ByteArrayInputStream(file.content()),
                    file.name().endsWith(".csv") ? InputType.CSV : InputType.XLS) : file.text();
        } catch (RuntimeException e) {
            return List.of(file.name() + ":0:0: the decision table cannot be read: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        String where = file.isDecisionTable() ? " (in the DRL generated from the table)" : "";
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(drl, i);
            } else if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '/') {
                i = drl.indexOf('\n', i) < 0 ? drl.length() : drl.indexOf('\n', i);
            } else if (c == '/' && i + 1 < drl.length() && drl.charAt(i + 1) == '*') {
                i = drl.indexOf("*/", i) < 0 ? drl.length() : drl.indexOf("*/", i) + 2;
            } else if (c == '@') {
                int nameEnd = i + 1;
                while (nameEnd < drl.length() && Character.isJavaIdentifierPart(drl.charAt(nameEnd))) {
                    nameEnd++;
                }
                int open = nameEnd;
                while (open < drl.length() && Character.isWhitespace(drl.charAt(open))) {
                    open++;
                }
                if (nameEnd > i + 1 && open < drl.length() && drl.charAt(open) == '(') {
                    int close = closing(drl, open);
                    String value = drl.substring(open + 1, close);
                    if (!PLAIN.matcher(value).matches()) {
                        problems.add(file.name() + ":" + line(drl, i) + ":" + column(drl, i) + ": metadata @"
                                + drl.substring(i + 1, nameEnd) + " must be a quoted string, a number or names" + where
                                + ": Drools evaluates anything else as code when it compiles the rules");
                    }
                    i = close + 1;
                    continue;
                }
                i = nameEnd;
            } else {
                i++;
            }
        }
        return problems;
    }

    private static int skipString(String text, int start) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, text.length());
    }

    /** The parenthesis that closes the one at open, strings respected; the text's end when unbalanced. */
    private static int closing(String text, int open) {
        int depth = 0;
        int i = open;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(text, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return text.length();
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static int column(String text, int offset) {
        return offset - text.lastIndexOf('\n', offset - 1);
    }
}
