package io.caveat.engine;

import java.nio.charset.StandardCharsets;

/**
 * One rule file: DRL, or a decision table (*.drl.csv, *.drl.xls, *.drl.xlsx).
 *
 * @param name the path relative to the rules directory, as diagnostics print it
 */
public record RuleFile(String name, byte[] content) {

    public static boolean isRuleFile(String fileName) {
        return fileName.endsWith(".drl") || fileName.endsWith(".drl.csv") || fileName.endsWith(".drl.xls")
                || fileName.endsWith(".drl.xlsx");
    }

    public boolean isDecisionTable() {
        return !name.endsWith(".drl");
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
