package io.caveat.model;

import java.util.List;

/**
 * An explained finding: which documented limitation bites, on which object, why (message and evidence),
 * and what to do.
 *
 * @param fingerprint stable across runs: the same rule on the same subject gives the same fingerprint
 */
public record Finding(String ruleId, String title, Severity severity, Subject subject, String message,
                      List<Evidence> evidence, String limitation, String remediation, String docs,
                      String fingerprint) {
    public Finding {
        evidence = List.copyOf(evidence);
    }
}
