package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a rule fared in one evaluation.
 *
 * @param status evaluated or not-evaluated
 * @param reason why it was not evaluated (which data was missing), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleStatus(String id, String title, Severity severity, String status, String reason, int findings) {
    public static final String EVALUATED = "evaluated";
    public static final String NOT_EVALUATED = "not-evaluated";

    public RuleStatus withFindings(int count) {
        return new RuleStatus(id, title, severity, status, reason, count);
    }
}
