package io.caveat.model;

import java.util.List;

/**
 * A rule's metadata, as written in its file.
 *
 * @param requires fact kinds the rule needs; without them it is not evaluated
 * @param source    the limitation's file (its limitation.yaml, or the rule file carrying its metadata), relative to
 *                  the rules directory
 * @param origin    the page and version its knowledge comes from, in words (null when not given)
 * @param appliesTo the versions or setups it applies to (null when not given)
 * @param detects   what caveat looks for, in the analyst's words (null when not given)
 */
public record RuleInfo(String id, String title, Severity severity, String docs, String remediation,
                       String limitation, List<String> requires, String source, String origin, String appliesTo,
                       String detects) {
    public RuleInfo {
        requires = List.copyOf(requires);
    }
}
