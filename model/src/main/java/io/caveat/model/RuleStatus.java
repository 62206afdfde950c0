package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a rule fared in one evaluation.
 *
 * @param status evaluated, not-evaluated, error (a rule failed while firing), or disabled (in caveat.yaml)
 * @param reason why it was not evaluated (which data was missing) or failed; for a partly evaluated limitation,
 *               which of its checks could not run; else null
 * @param setting what caveat.yaml changed about the rule ("severity medium -> low (caveat.yaml)"), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleStatus(String id, String title, Severity severity, String status, String reason, int findings,
                         String setting) {
    public RuleStatus(String id, String title, Severity severity, String status, String reason, int findings) {
        this(id, title, severity, status, reason, findings, null);
    }

    public static final String EVALUATED = "evaluated";
    public static final String NOT_EVALUATED = "not-evaluated";
    public static final String ERROR = "error";
    public static final String DISABLED = "disabled";

    public RuleStatus withFindings(int count) {
        return new RuleStatus(id, title, severity, status, reason, count, setting);
    }
}
