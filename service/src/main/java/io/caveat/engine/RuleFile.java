package io.caveat.engine;

import java.nio.charset.StandardCharsets;

/**
 * One file of the knowledge base: DRL, a decision table (*.drl.csv, *.drl.xls, *.drl.xlsx), or a limitation's
 * limitation.yaml (its words and sources).
 *
 * @param name the path relative to the rules directory, as diagnostics print it
 */
public record RuleFile(String name, byte[] content) {

    public static boolean isRuleFile(String fileName) {
        return fileName.endsWith(".drl") || fileName.endsWith(".drl.csv") || fileName.endsWith(".drl.xls")
                || fileName.endsWith(".drl.xlsx");
    }

    /** A rule file or a limitation.yaml: what a knowledge base is made of. */
    public static boolean isKnowledgeFile(String fileName) {
        return isRuleFile(fileName) || LimitationFile.isLimitationFile(fileName);
    }

    public boolean isDecisionTable() {
        return isRuleFile(name) && !name.endsWith(".drl");
    }

    public boolean isLimitation() {
        return LimitationFile.isLimitationFile(name.substring(name.lastIndexOf('/') + 1));
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
