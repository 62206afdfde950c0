package io.caveat.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.caveat.model.Evaluation;

/**
 * One archived run: the evaluation contract of `caveat evaluate --output json` (rules and their status, findings
 * with waivers marked, the knowledge base version, the snapshot read) plus when it ran, from what, and the
 * lifecycle against the previous run. This JSON is the canonical record; the other formats are made from it.
 */
public record ReportRun(String id, String runAt, String snapshotSource, @JsonUnwrapped Evaluation evaluation,
                        Lifecycle lifecycle) {
}
