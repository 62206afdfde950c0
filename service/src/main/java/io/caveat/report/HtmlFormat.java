package io.caveat.report;

import io.caveat.model.Evidence;
import io.caveat.model.Finding;
import io.caveat.model.RuleStatus;
import io.caveat.model.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained page (no external asset): summary by severity and rule, the trend over the archived runs
 * (an inline SVG), new and resolved findings, every finding with its explanation and evidence, filter and search.
 * Everything from the data is HTML-escaped.
 */
final class HtmlFormat {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
            header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
            header p{margin:4px 0 0;color:#d0d7de}main{padding:16px 24px;max-width:1200px}
            section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:12px 0}
            h2{font-size:16px;margin:4px 0 10px}table{border-collapse:collapse;width:100%}
            td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top}
            .sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff}
            .critical{background:#82071e}.high{background:#cf222e}.medium{background:#bc4c00}.low{background:#9a6700}
            .info{background:#57606a}.cards{display:flex;gap:12px;flex-wrap:wrap}
            .card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:90px}
            .card b{display:block;font-size:22px}.finding{border-top:1px solid #eaeef2;padding:10px 0}
            .finding h3{font-size:14px;margin:0 0 4px}.state{font-size:12px;color:#57606a}
            .waived{opacity:.65}.waiver{background:#fff8c5;padding:4px 8px;border-radius:4px}
            details{margin-top:6px}code{font-size:12px}.controls{display:flex;gap:8px;flex-wrap:wrap}
            .controls input,.controls select{padding:4px 8px;font-size:14px}.muted{color:#57606a}
            """;
    private static final String SCRIPT = """
            function applyFilter(){
              var q=document.getElementById('q').value.toLowerCase();
              var s=document.getElementById('sev').value, r=document.getElementById('rule').value,
                  st=document.getElementById('st').value, shown=0;
              document.querySelectorAll('.finding').forEach(function(f){
                var ok=(!s||f.dataset.severity===s)&&(!r||f.dataset.rule===r)&&(!st||f.dataset.state===st)
                  &&(!q||f.textContent.toLowerCase().indexOf(q)>=0);
                f.style.display=ok?'':'none'; if(ok){shown++;}
              });
              document.getElementById('shown').textContent=shown;
            }
            document.querySelectorAll('#q,#sev,#rule,#st').forEach(function(e){e.addEventListener('input',applyFilter);});
            """;

    private HtmlFormat() {
    }

    static byte[] render(ReportRun run, List<RunSummary> trend) {
        StringBuilder h = new StringBuilder(64 * 1024);
        List<Finding> findings = run.evaluation().findings();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>caveat report ").append(e(run.id())).append("</title><style>").append(STYLE)
                .append("</style></head><body>");
        h.append("<header><h1>caveat: Illumio known limitations in this cluster</h1><p>Run ").append(e(run.id()))
                .append(" at ").append(e(run.runAt())).append(" &middot; snapshot ").append(e(run.snapshotSource()))
                .append(" &middot; knowledge base ").append(e(run.evaluation().knowledgeBase().version()))
                .append("</p></header><main>");
        summary(h, run);
        trend(h, trend);
        changes(h, run);
        rules(h, run);
        findingsSection(h, run, findings);
        h.append("</main><script>").append(SCRIPT).append("</script></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void summary(StringBuilder h, ReportRun run) {
        Map<Severity, Integer> bySeverity = new TreeMap<>(java.util.Comparator.reverseOrder());
        run.evaluation().findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        long waived = run.evaluation().findings().stream().filter(f -> f.waiver() != null).count();
        h.append("<section><h2>Summary</h2><div class=\"cards\">");
        card(h, "findings", String.valueOf(run.evaluation().findings().size()), "total-findings");
        for (Severity s : Severity.values()) {
            card(h, s.label(), String.valueOf(bySeverity.getOrDefault(s, 0)), null);
        }
        card(h, "new", String.valueOf(run.lifecycle().newFindings()), null);
        card(h, "resolved", String.valueOf(run.lifecycle().resolved().size()), null);
        card(h, "waived", String.valueOf(waived), null);
        h.append("</div>");
        if (run.evaluation().waivers() != null) {
            run.evaluation().waivers().expired().forEach(w -> h.append("<p>Waiver expired, no longer applied: ")
                    .append(e(w)).append("</p>"));
            run.evaluation().waivers().stale().forEach(w -> h.append("<p class=\"muted\">Waiver stale: ").append(e(w))
                    .append("</p>"));
            run.evaluation().waivers().invalid().forEach(w -> h.append("<p>Waiver invalid: ").append(e(w))
                    .append("</p>"));
        }
        h.append("</section>");
    }

    private static void card(StringBuilder h, String label, String value, String id) {
        h.append("<div class=\"card\"><b").append(id == null ? "" : " id=\"" + id + "\"").append(">").append(e(value))
                .append("</b>").append(e(label)).append("</div>");
    }

    /** Findings per run as a line over the archive, drawn as inline SVG. */
    private static void trend(StringBuilder h, List<RunSummary> runs) {
        h.append("<section><h2>Trend over ").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append("</h2>");
        int width = 760;
        int height = 160;
        int max = Math.max(1, runs.stream().mapToInt(RunSummary::findings).max().orElse(1));
        h.append("<svg role=\"img\" aria-label=\"findings per run\" width=\"").append(width).append("\" height=\"")
                .append(height + 30).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height + 30)
                .append("\"><line x1=\"40\" y1=\"").append(height).append("\" x2=\"").append(width).append("\" y2=\"")
                .append(height).append("\" stroke=\"#d0d7de\"/>");
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            int x = 40 + (runs.size() == 1 ? (width - 60) / 2 : i * (width - 60) / (runs.size() - 1));
            int y = height - (r.findings() * (height - 20) / max);
            points.append(x).append(',').append(y).append(' ');
            h.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"4\" fill=\"#cf222e\"><title>")
                    .append(e(r.id())).append(": ").append(r.findings()).append(" findings, ").append(r.newFindings())
                    .append(" new, ").append(r.resolved()).append(" resolved</title></circle>");
            h.append("<text x=\"").append(x).append("\" y=\"").append(height + 20).append("\" font-size=\"10\" ")
                    .append("text-anchor=\"middle\">").append(e(r.runAt().substring(0, 10))).append("</text>");
        }
        h.append("<polyline fill=\"none\" stroke=\"#cf222e\" stroke-width=\"2\" points=\"").append(points)
                .append("\"/><text x=\"4\" y=\"14\" font-size=\"10\">").append(max).append("</text></svg></section>");
    }

    private static void changes(StringBuilder h, ReportRun run) {
        h.append("<section><h2>Since the previous run</h2>");
        if (run.lifecycle().previousRun() == null) {
            h.append("<p class=\"muted\">This is the first run in the archive.</p>");
        }
        List<Finding> fresh = run.evaluation().findings().stream()
                .filter(f -> Lifecycle.State.NEW.equals(run.lifecycle().findings().get(f.fingerprint()).state()))
                .toList();
        h.append("<p><b>New</b>:").append(fresh.isEmpty() ? " none" : "").append("</p><ul>");
        fresh.forEach(f -> h.append("<li>").append(e(f.ruleId())).append(' ').append(e(f.subject().toString()))
                .append("</li>"));
        h.append("</ul><p><b>Resolved</b>:").append(run.lifecycle().resolved().isEmpty() ? " none" : "")
                .append("</p><ul>");
        run.lifecycle().resolved().forEach(r -> h.append("<li>").append(e(r.ruleId())).append(' ')
                .append(e(r.subject().toString())).append(r.firstSeen() == null ? "" : " (first seen "
                        + e(r.firstSeen()) + ")").append("</li>"));
        h.append("</ul></section>");
    }

    private static void rules(StringBuilder h, ReportRun run) {
        h.append("<section><h2>Rules</h2><table><tr><th>Rule</th><th>Severity</th><th>Status</th><th>Findings</th>")
                .append("<th>Title</th></tr>");
        for (RuleStatus r : run.evaluation().rules()) {
            h.append("<tr><td>").append(e(r.id())).append("</td><td><span class=\"sev ").append(r.severity().label())
                    .append("\">").append(r.severity().label()).append("</span></td><td>").append(e(r.status()))
                    .append(r.reason() == null ? "" : "<div class=\"muted\">" + e(r.reason()) + "</div>")
                    .append("</td><td>").append(r.findings()).append("</td><td>").append(e(r.title()))
                    .append("</td></tr>");
        }
        h.append("</table></section>");
    }

    private static void findingsSection(StringBuilder h, ReportRun run, List<Finding> findings) {
        h.append("<section><h2>Findings (<span id=\"shown\">").append(findings.size())
                .append("</span> shown)</h2><div class=\"controls\"><input id=\"q\" type=\"search\" ")
                .append("placeholder=\"Search messages, objects, evidence\" aria-label=\"search\">")
                .append("<select id=\"sev\" aria-label=\"severity\"><option value=\"\">all severities</option>");
        for (Severity s : Severity.values()) {
            h.append("<option>").append(s.label()).append("</option>");
        }
        h.append("</select><select id=\"rule\" aria-label=\"rule\"><option value=\"\">all rules</option>");
        run.evaluation().rules().forEach(r -> h.append("<option>").append(e(r.id())).append("</option>"));
        h.append("</select><select id=\"st\" aria-label=\"state\"><option value=\"\">new and open</option>")
                .append("<option>new</option><option>open</option></select></div>");
        for (Finding f : findings) {
            Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
            h.append("<div class=\"finding").append(f.waiver() == null ? "" : " waived").append("\" data-severity=\"")
                    .append(f.severity().label()).append("\" data-rule=\"").append(e(f.ruleId())).append("\" data-state=\"")
                    .append(state.state()).append("\"><h3><span class=\"sev ").append(f.severity().label()).append("\">")
                    .append(f.severity().label()).append("</span> ").append(e(f.ruleId())).append(" &middot; ")
                    .append(e(f.subject().toString())).append("</h3><div class=\"state\">").append(e(state.state()))
                    .append(", first seen ").append(e(state.firstSeen())).append(", ").append(state.ageDays())
                    .append(state.ageDays() == 1 ? " day" : " days").append(" &middot; fingerprint <code>")
                    .append(e(f.fingerprint())).append("</code></div><p>").append(e(f.message())).append("</p>");
            if (f.waiver() != null) {
                h.append("<p class=\"waiver\">Waived: ").append(e(f.waiver().reason()))
                        .append(f.waiver().owner() == null ? "" : " (owner " + e(f.waiver().owner()) + ", until "
                                + e(f.waiver().expires()) + ")").append(" &middot; ").append(e(f.waiver().source()))
                        .append("</p>");
            }
            h.append("<p><b>What to do:</b> ").append(e(f.remediation()));
            if (f.docs() != null && f.docs().startsWith("https://")) {
                h.append(" <a href=\"").append(e(f.docs())).append("\">Illumio documentation</a>");
            }
            h.append("</p>");
            h.append("<details><summary>Limitation and evidence (").append(f.evidence().size())
                    .append(" facts)</summary><p><i>").append(e(String.valueOf(f.limitation()))).append("</i></p><table>");
            for (Evidence ev : f.evidence()) {
                h.append("<tr><td>").append(e(ev.kind())).append("</td><td><code>").append(e(ev.key()))
                        .append("</code></td><td>").append(e(String.valueOf(ev.fields()))).append("</td></tr>");
            }
            h.append("</table></details></div>");
        }
        h.append("</section>");
    }

    static String e(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
