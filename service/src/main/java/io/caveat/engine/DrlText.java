package io.caveat.engine;

/**
 * DRL source with what a text check must not read blanked out, character for character, so that offsets, lines
 * and columns stay those of the file: comments always, and string literals' contents for checks of code.
 */
final class DrlText {
    private DrlText() {
    }

    /** Comments blanked (newlines kept); strings kept as they are. */
    static String withoutComments(String drl) {
        return blank(drl, false);
    }

    /** Comments and the contents of string literals blanked: what is left is code. */
    static String codeOnly(String drl) {
        return blank(drl, true);
    }

    /** The line (1-based) of an offset. */
    static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The column (1-based) of an offset. */
    static int column(String text, int offset) {
        return offset - text.lastIndexOf('\n', offset - 1);
    }

    private static String blank(String drl, boolean strings) {
        StringBuilder out = new StringBuilder(drl);
        int i = 0;
        while (i < drl.length()) {
            char c = drl.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < drl.length() && drl.charAt(end) != '"' && drl.charAt(end) != '\n') {
                    end += drl.charAt(end) == '\\' ? 2 : 1;
                }
                if (strings) {
                    for (int k = i + 1; k < Math.min(end, drl.length()); k++) {
                        out.setCharAt(k, ' ');
                    }
                }
                i = end + 1;
            } else if (drl.startsWith("//", i)) {
                int end = drl.indexOf('\n', i);
                end = end < 0 ? drl.length() : end;
                for (int k = i; k < end; k++) {
                    out.setCharAt(k, ' ');
                }
                i = end;
            } else if (drl.startsWith("/*", i)) {
                int end = drl.indexOf("*/", i + 2);
                end = end < 0 ? drl.length() : end + 2;
                for (int k = i; k < end; k++) {
                    if (drl.charAt(k) != '\n') {
                        out.setCharAt(k, ' ');
                    }
                }
                i = end;
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
