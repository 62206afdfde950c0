package io.caveat.bench;

import java.util.List;
import java.util.Map;

/** The benchmark's results as the Markdown table docs/performance.md keeps. */
final class Report {
    private Report() {
    }

    /** @param previous the last run's rows by preset: each figure is shown beside the one it had then */
    static String markdown(List<Map<String, String>> rows, Map<String, Map<String, String>> previous, String heap) {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(Bench.machine()).append("; the phases run with -Xmx")
                .append(heap == null ? "1g" : heap).append(", the parallel collector and the launcher's class-data "
                        + "archive; `caveat evaluate` through `./caveat` ")
                .append(heap == null ? "as it sizes the JVM" : "with CAVEAT_JAVA_OPTS=-Xmx" + heap)
                .append(" (median of 3 runs). In brackets: the previous run's figure.\n\n")
                .append("| preset | input | facts | findings | rule compile (cold) | parse only | load (parse + facts) "
                        + "| insert + fire (first / best) | insert only (best) | render | baseline (best) | engine / baseline "
                        + "| heap peak load / fire | phases RSS | `caveat evaluate`: wall, RSS "
                        + "| `--output json`: wall, RSS |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, String> r : rows) {
            Map<String, String> was = previous.getOrDefault(r.get("preset"), Map.of());
            double fire = num(r, "fireMs");
            double baseline = num(r, "baselineMs");
            md.append("| ").append(r.get("preset"))
                    .append(" | ").append(Memory.mib((long) num(r, "bytes")))
                    .append(" | ").append(String.format("%,d", (long) num(r, "facts")))
                    .append(" | ").append(r.get("findings"))
                    .append(" | ").append(ms(r, "compileMs")).append(before(was, "compileMs", false))
                    .append(" | ").append(ms(r, "parseMs"))
                    .append(" | ").append(ms(r, "loadMs")).append(before(was, "loadMs", false))
                    .append(" | ").append(ms(r, "fireFirstMs")).append(" / ").append(ms(r, "fireMs"))
                    .append(before(was, "fireFirstMs", false))
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
                    .append(before(was, "e2e-tableMs", true))
                    .append(" | ").append(ms(r, "e2e-jsonMs")).append(", ").append(Memory.mib((long) num(r, "e2e-jsonRss")))
                    .append(before(was, "e2e-jsonMs", true))
                    .append(" |\n");
        }
        List<Map<String, String>> compared = rows.stream().filter(r -> !"no".equals(r.get("compared"))).toList();
        md.append("\nEngine and baseline findings identical: ")
                .append(compared.stream().allMatch(r -> Boolean.parseBoolean(r.get("agree"))) ? "yes" : "NO")
                .append(" (rule id, severity and subject of every finding)")
                .append(compared.size() < rows.size() ? "; the demo is timed, not compared: the live KL-006 weighs a "
                        + "namespace's own enforcement, which the baseline's seed checks do not" : "")
                .append(".\n");
        return md.toString();
    }

    /** " (1.20 s)" or with its RSS " (1.20 s, 300 MiB)": the previous run's figure; "" when there is none. */
    private static String before(Map<String, String> was, String key, boolean withRss) {
        if (num(was, key) < 0) {
            return "";
        }
        return " (" + ms(was, key) + (withRss && num(was, key.replace("Ms", "Rss")) >= 0
                ? ", " + Memory.mib((long) num(was, key.replace("Ms", "Rss"))) : "") + ")";
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
