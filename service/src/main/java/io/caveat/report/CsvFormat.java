package io.caveat.report;

import io.caveat.model.Finding;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One row per finding, for spreadsheets (RFC 4180: quoted when needed, quotes doubled). */
final class CsvFormat {
    private static final List<String> HEADER = List.of("rule", "severity", "state", "first_seen", "age_days", "kind",
            "namespace", "name", "message", "remediation", "docs", "waived", "waiver_reason", "waiver_owner",
            "waiver_expires", "fingerprint");

    private CsvFormat() {
    }

    static byte[] render(ReportRun run) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (Finding f : run.evaluation().findings()) {
            Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
            row(out, List.of(f.ruleId(), f.severity().label(), state.state(), state.firstSeen(),
                    String.valueOf(state.ageDays()), f.subject().kind(), nz(f.subject().namespace()), f.subject().name(),
                    f.message(), f.remediation(), f.docs(), f.waiver() == null ? "no" : "yes",
                    f.waiver() == null ? "" : nz(f.waiver().reason()), f.waiver() == null ? "" : nz(f.waiver().owner()),
                    f.waiver() == null ? "" : nz(f.waiver().expires()), f.fingerprint()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            // A cell starting like a formula is opened as one by spreadsheets: cluster data must stay text.
            String cell = cells.get(i).matches("(?s)^[=+\\-@\t\r].*") ? "'" + cells.get(i) : cells.get(i);
            out.append(i == 0 ? "" : ",");
            out.append(cell.matches("(?s).*[\",\\r\\n].*") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        out.append("\r\n");
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
