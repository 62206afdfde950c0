package io.caveat.render;

import io.caveat.model.Evaluation;
import io.caveat.model.Evidence;
import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import io.caveat.model.SnapshotSummary;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The report for people: a summary per rule, then each finding with its explanation. */
public final class TableRenderer {
    private static final int FIELDS_SHOWN = 8;
    private static final int VALUE_WIDTH = 90;
    private static final int WIDTH = 110;

    private TableRenderer() {
    }

    /** ANSI colours of the severities, for a terminal. */
    private static final Map<String, String> COLOURS = Map.of("critical", "\u001b[1;35m", "high", "\u001b[1;31m",
            "medium", "\u001b[33m", "low", "\u001b[36m", "info", "\u001b[2m");
    private static final String RESET = "\u001b[0m";

    /**
     * How to render: summary leaves out the findings (counts per rule and severity only); colour marks the
     * severities for a terminal.
     */
    public record Style(boolean summary, boolean colour) {
        public static final Style PLAIN = new Style(false, false);
    }

    public static String render(Evaluation e) {
        return render(e, Style.PLAIN);
    }

    private static String severity(String label, int width, Style style) {
        String padded = width == 0 ? label : String.format("%-" + width + "s", label);
        return style.colour() ? COLOURS.getOrDefault(label, "") + padded + RESET : padded;
    }

    public static String render(Evaluation e, Style style) {
        StringBuilder out = new StringBuilder();
        SnapshotSummary s = e.snapshot();
        int facts = s.facts().values().stream().mapToInt(Integer::intValue).sum();
        out.append("Snapshot ").append(s.source()).append(": ").append(s.files()).append(" files, ")
                .append(facts).append(" facts (").append(s.facts().entrySet().stream()
                        .map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", ")))
                .append(")\n");
        if (!s.skipped().isEmpty()) {
            out.append("Skipped (no rule needs them): ").append(s.skipped().entrySet().stream()
                    .map(x -> x.getKey() + " " + x.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
        s.notes().forEach(n -> out.append("Note: ").append(n).append('\n'));
        s.problems().forEach(p -> out.append("Could not read: ").append(p).append('\n'));
        out.append("Knowledge base ").append(e.knowledgeBase().version()).append(" (")
                .append(e.knowledgeBase().rules()).append(" rules), evaluated in ").append(e.durationMillis())
                .append(" ms\n\n");
        Map<String, Map<String, Long>> perRule = e.findings().stream().collect(Collectors.groupingBy(
                Finding::ruleId, Collectors.groupingBy(f -> f.severity().label(), Collectors.counting())));
        out.append(String.format("%-8s %-9s %-14s %8s  %s%n", "RULE", "SEVERITY", "STATUS", "FINDINGS", "TITLE"));
        for (RuleStatus r : e.rules()) {
            out.append(String.format("%-8s ", r.id())).append(severity(r.severity().label(), 9, style))
                    .append(String.format(" %-14s %8d  %s%n", r.status(), r.findings(), r.title()));
            if (style.summary() && perRule.containsKey(r.id())) {
                out.append("         ").append(bySeverity(perRule.get(r.id()))).append('\n');
            }
            if (r.reason() != null) {
                out.append(wrap(r.reason(), "         ")).append('\n');
            }
            if (r.setting() != null) {
                out.append(wrap(r.setting(), "         ")).append('\n');
            }
        }
        String currentRule = null;
        for (Finding f : style.summary() ? List.<Finding>of() : e.findings()) {
            if (!f.ruleId().equals(currentRule)) {
                currentRule = f.ruleId();
                out.append("\n== ").append(f.ruleId()).append(' ').append(f.title()).append('\n');
                if (f.limitation() != null) {
                    out.append(wrap("Limitation: " + f.limitation(), "   ")).append('\n');
                }
                out.append(wrap("Remediation: " + f.remediation(), "   ")).append('\n');
                out.append("   Docs: ").append(f.docs()).append('\n');
            }
            out.append("\n  [").append(severity(f.severity().label(), 0, style)).append("] ")
                    .append(f.subject())
                    .append("  (fingerprint ").append(f.fingerprint()).append(")\n");
            if (f.waiver() != null) {
                out.append(wrap("WAIVED: " + f.waiver().reason() + (f.waiver().owner() == null ? ""
                        : " (owner " + f.waiver().owner() + ", until " + f.waiver().expires() + ")") + " ["
                        + f.waiver().source() + "]", "    ")).append('\n');
            }
            out.append(wrap(f.message(), "    ")).append('\n');
            for (Evidence ev : f.evidence()) {
                out.append("    - ").append(ev.kind()).append(' ').append(ev.key()).append(": ")
                        .append(fields(ev.fields())).append('\n');
            }
        }
        long total = e.findings().size();
        out.append('\n').append(total).append(total == 1 ? " finding" : " findings");
        if (total > 0) {
            out.append(" (").append(bySeverity(e.findings().stream()
                    .collect(Collectors.groupingBy(f -> f.severity().label(), Collectors.counting())))).append(')');
        }
        if (e.waivers() != null && e.waivers().applied() > 0) {
            out.append("; ").append(e.waivers().applied()).append(" waived");
        }
        long notEvaluated = e.rules().stream().filter(r -> RuleStatus.NOT_EVALUATED.equals(r.status())).count();
        if (notEvaluated > 0) {
            out.append("; ").append(notEvaluated).append(" rule(s) not evaluated for lack of data");
        }
        out.append('\n');
        if (e.waivers() != null) {
            e.waivers().expired().forEach(w -> out.append("Waiver expired, no longer applied: ").append(w).append('\n'));
            e.waivers().stale().forEach(w -> out.append("Waiver stale: ").append(w).append('\n'));
            e.waivers().invalid().forEach(w -> out.append("Waiver invalid: ").append(w).append('\n'));
        }
        return out.toString();
    }

    /** "2 high, 1 info": most severe first. */
    private static String bySeverity(Map<String, Long> counts) {
        List<String> order = List.of("critical", "high", "medium", "low", "info");
        return order.stream().filter(counts::containsKey).map(l -> counts.get(l) + " " + l)
                .collect(Collectors.joining(", "));
    }

    /** Word-wraps prose for a terminal, each line indented. */
    static String wrap(String text, String indent) {
        StringBuilder out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column > indent.length() && column + 1 + word.length() > WIDTH) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    private static String fields(Map<String, Object> fields) {
        List<String> shown = fields.entrySet().stream().limit(FIELDS_SHOWN)
                .map(x -> x.getKey() + "=" + shorten(String.valueOf(x.getValue()))).toList();
        String text = String.join(", ", shown);
        return fields.size() > FIELDS_SHOWN ? text + ", ..." : text;
    }

    private static String shorten(String value) {
        return value.length() > VALUE_WIDTH ? value.substring(0, VALUE_WIDTH - 3) + "..." : value;
    }
}
