package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An explained finding: which documented limitation bites, on which object, why (message and evidence),
 * and what to do.
 *
 * @param fingerprint stable across runs: the same rule on the same subject gives the same fingerprint
 * @param waiver      why it is knowingly accepted, or null; a waived finding stays in the report
 * @param source      the file and line of its subject, when the subject was read from a file; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String ruleId, String title, Severity severity, Subject subject, String message,
                      List<Evidence> evidence, String limitation, String remediation, String docs,
                      String fingerprint, Waiver waiver, SourceLocation source) {
    public Finding {
        evidence = List.copyOf(evidence);
    }

    public Finding(String ruleId, String title, Severity severity, Subject subject, String message,
                   List<Evidence> evidence, String limitation, String remediation, String docs, String fingerprint,
                   Waiver waiver) {
        this(ruleId, title, severity, subject, message, evidence, limitation, remediation, docs, fingerprint, waiver,
                null);
    }

    public Finding waived(Waiver why) {
        return new Finding(ruleId, title, severity, subject, message, evidence, limitation, remediation, docs,
                fingerprint, why, source);
    }

    public Finding at(SourceLocation where) {
        return new Finding(ruleId, title, severity, subject, message, evidence, limitation, remediation, docs,
                fingerprint, waiver, where);
    }
}
