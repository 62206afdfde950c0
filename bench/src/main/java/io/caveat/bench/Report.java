package io.caveat.bench;

import java.util.List;
import java.util.Map;

/** The benchmark's results as the Markdown table docs/performance.md keeps. */
final class Report {
    private Report() {
    }

    static String markdown(List<Map<String, String>> rows, String heap) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(Bench.machine()).append("; measured JVMs run with -Xmx").append(heap)
                .append(", the parallel collector and the launcher's class-data archive, as `./caveat` runs them.\n\n")
                .append("| preset | input | facts | findings | rule compile (cold) | parse only | load (parse + facts) "
                        + "| insert + fire (first / best) | insert only (best) | render | baseline (best) | engine / baseline "
                        + "| heap peak load / fire | phases RSS | `caveat evaluate`: wall, RSS "
                        + "| `--output json`: wall, RSS |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, String> r : rows) {
            double fire = num(r, "fireMs");
            double baseline = num(r, "baselineMs");
            md.append("| ").append(r.get("preset"))
                    .append(" | ").append(Memory.mib((long) num(r, "bytes")))
                    .append(" | ").append(String.format("%,d", (long) num(r, "facts")))
                    .append(" | ").append(r.get("findings"))
                    .append(" | ").append(ms(r, "compileMs"))
                    .append(" | ").append(ms(r, "parseMs"))
                    .append(" | ").append(ms(r, "loadMs"))
                    .append(" | ").append(ms(r, "fireFirstMs")).append(" / ").append(ms(r, "fireMs"))
                    .append(" | ").append(ms(r, "insertOnlyMs"))
                    .append(" | ").append(ms(r, "renderMs"))
                    .append(" | ").append(ms(r, "baselineMs"))
                    .append(" | ").append(baseline <= 0 ? "n/a (baseline < 1 ms)"
                            : String.format("%.1fx (insert only: %.1fx)", fire / baseline,
                            num(r, "insertOnlyMs") / baseline))
                    .append(" | ").append(Memory.mib((long) num(r, "loadHeap"))).append(" / ")
                    .append(Memory.mib((long) num(r, "fireHeap")))
                    .append(" | ").append(Memory.mib((long) num(r, "peakRss")))
                    .append(" | ").append(ms(r, "e2e-tableMs")).append(", ").append(Memory.mib((long) num(r, "e2e-tableRss")))
                    .append(" | ").append(ms(r, "e2e-jsonMs")).append(", ").append(Memory.mib((long) num(r, "e2e-jsonRss")))
                    .append(" |\n");
        }
        md.append("\nEngine and baseline findings identical: ")
                .append(rows.stream().allMatch(r -> Boolean.parseBoolean(r.get("agree"))) ? "yes" : "NO")
                .append(" (rule id, severity and subject of every finding).\n");
        return md.toString();
    }

    private static double num(Map<String, String> r, String key) {
        String v = r.get(key);
        return v == null ? -1 : Double.parseDouble(v);
    }

    private static String ms(Map<String, String> r, String key) {
        double v = num(r, key);
        return v < 0 ? "n/a" : v >= 1000 ? String.format("%.2f s", v / 1000) : String.format("%.0f ms", v);
    }
}
