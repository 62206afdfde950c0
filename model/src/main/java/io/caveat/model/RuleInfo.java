package io.caveat.model;

import java.util.List;

/**
 * A rule's metadata, as written in its file.
 *
 * @param requires fact kinds the rule needs; without them it is not evaluated
 * @param source   the rule file, relative to the rules directory
 */
public record RuleInfo(String id, String title, Severity severity, String docs, String remediation,
                       String limitation, List<String> requires, String source) {
    public RuleInfo {
        requires = List.copyOf(requires);
    }
}
