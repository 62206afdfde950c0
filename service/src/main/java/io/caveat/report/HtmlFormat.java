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
 * One self-contained page (no external asset), for triage: "fix first" (the few most severe open findings), the
 * counts by severity, the findings grouped by rule (most severe first, the limitation and remediation once per
 * rule, evidence folded), filters whose state is in the URL, new and resolved folded with their counts, the trend
 * over the archived runs (an inline SVG) and the rules' statuses.
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
            .group{border-top:2px solid #d0d7de;margin-top:12px;padding-top:8px}.group h3{font-size:15px;margin:0}
            .finding h4{font-size:14px;margin:0 0 4px}.fix li{margin:4px 0}summary{cursor:pointer}
            .where{font-size:12px;color:#57606a}
            """;
    // Filters: severity at least, rule, namespace, state (new / open / waived), search; their state lives in the
    // URL's fragment (#sev=high&ns=shop), so that a filtered view can be bookmarked or sent.
    private static final String SCRIPT = """
            var RANK={info:0,low:1,medium:2,high:3,critical:4}, IDS=['q','sev','rule','ns','st'];
            function applyFilter(){
              var v={}; IDS.forEach(function(i){v[i]=document.getElementById(i).value;});
              var q=v.q.toLowerCase(), shown=0;
              document.querySelectorAll('.finding').forEach(function(f){
                var d=f.dataset, state=d.waived==='true'?'waived':d.state;
                var ok=(!v.sev||RANK[d.severity]>=RANK[v.sev])&&(!v.rule||d.rule===v.rule)
                  &&(!v.ns||d.namespace===v.ns)&&(v.st==='all'||(v.st?state===v.st:state!=='waived'))
                  &&(!q||f.textContent.toLowerCase().indexOf(q)>=0);
                f.style.display=ok?'':'none'; if(ok){shown++;}
              });
              document.querySelectorAll('.group').forEach(function(g){
                g.style.display=g.querySelector('.finding:not([style*="none"])')?'':'none';
              });
              document.getElementById('shown').textContent=shown;
              var h=IDS.filter(function(i){return v[i];}).map(function(i){return i+'='+encodeURIComponent(v[i]);}).join('&');
              history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
            }
            location.hash.replace(/^#/,'').split('&').forEach(function(kv){
              var p=kv.split('='), e=document.getElementById(p[0]);
              if(e&&IDS.indexOf(p[0])>=0){e.value=decodeURIComponent(p[1]||'');}
            });
            IDS.forEach(function(i){document.getElementById(i).addEventListener('input',applyFilter);});
            applyFilter();
            """;
    /** How many findings "Fix first" names. */
    private static final int FIX_FIRST = 5;

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
        List<Finding> ordered = new java.util.ArrayList<>(findings);
        ordered.sort(MOST_SEVERE_FIRST);
        fixFirst(h, run, ordered);
        summary(h, run);
        findingsSection(h, run, ordered);
        changes(h, run);
        trend(h, trend);
        rules(h, run);
        h.append("</main><script>").append(SCRIPT).append("</script></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final java.util.Comparator<Finding> MOST_SEVERE_FIRST = java.util.Comparator
            .comparing(Finding::severity, java.util.Comparator.reverseOrder())
            .thenComparing(f -> f.waiver() != null).thenComparing(Finding::ruleId)
            .thenComparing(f -> f.subject().toString());

    /** The few most severe unwaived findings, new ones first among equals: where to start. */
    private static void fixFirst(StringBuilder h, ReportRun run, List<Finding> ordered) {
        List<Finding> first = ordered.stream().filter(f -> f.waiver() == null)
                .sorted(java.util.Comparator.comparing(Finding::severity, java.util.Comparator.reverseOrder())
                        .thenComparing(f -> !Lifecycle.State.NEW.equals(run.lifecycle().findings()
                                .get(f.fingerprint()).state())))
                .limit(FIX_FIRST).toList();
        h.append("<section id=\"fix-first\"><h2>Fix first</h2>");
        if (first.isEmpty()) {
            h.append("<p class=\"muted\">No open finding.</p></section>");
            return;
        }
        h.append("<ol class=\"fix\">");
        for (Finding f : first) {
            h.append("<li><span class=\"sev ").append(f.severity().label()).append("\">").append(f.severity().label())
                    .append("</span> <a href=\"#f-").append(e(f.fingerprint())).append("\">").append(e(f.ruleId()))
                    .append(" &middot; ").append(e(f.subject().toString())).append("</a>: ").append(e(f.title()))
                    .append("</li>");
        }
        h.append("</ol></section>");
    }

    private static void summary(StringBuilder h, ReportRun run) {
        Map<Severity, Integer> bySeverity = new TreeMap<>(java.util.Comparator.reverseOrder());
        run.evaluation().findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        long waived = run.evaluation().findings().stream().filter(f -> f.waiver() != null).count();
        h.append("<section><h2>Summary</h2><div class=\"cards\">");
        card(h, "findings", String.valueOf(run.evaluation().findings().size()), "total-findings");
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
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
            // The first and last dates are anchored inside the drawing, never cut at its edges.
            String anchor = runs.size() == 1 ? "middle" : i == 0 ? "start" : i == runs.size() - 1 ? "end" : "middle";
            if (i == 0 || i == runs.size() - 1 || runs.size() <= 12 || i % (runs.size() / 10 + 1) == 0) {
                h.append("<text x=\"").append(x).append("\" y=\"").append(height + 20).append("\" font-size=\"11\" ")
                        .append("text-anchor=\"").append(anchor).append("\">").append(e(r.runAt().substring(0, 10)))
                        .append("</text>");
            }
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
        h.append("<details id=\"new\"><summary><b>New</b>: ").append(fresh.size()).append("</summary><ul>");
        fresh.forEach(f -> h.append("<li>").append(e(f.ruleId())).append(' ').append(e(f.subject().toString()))
                .append("</li>"));
        h.append("</ul></details><details id=\"resolved\"><summary><b>Resolved</b>: ")
                .append(run.lifecycle().resolved().size()).append("</summary><ul>");
        run.lifecycle().resolved().forEach(r -> h.append("<li>").append(e(r.ruleId())).append(' ')
                .append(e(r.subject().toString())).append(r.firstSeen() == null ? "" : " (first seen "
                        + e(r.firstSeen()) + ")").append("</li>"));
        h.append("</ul></details></section>");
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

    /**
     * Findings grouped by rule, the most severe group first: the limitation, remediation and docs once per rule,
     * its affected objects under it, each with its message, state and evidence.
     */
    private static void findingsSection(StringBuilder h, ReportRun run, List<Finding> ordered) {
        h.append("<section><h2>Findings (<span id=\"shown\">").append(ordered.size())
                .append("</span> shown)</h2><div class=\"controls\"><input id=\"q\" type=\"search\" ")
                .append("placeholder=\"Search messages, objects, evidence\" aria-label=\"search\">")
                .append("<select id=\"sev\" aria-label=\"severity at least\"><option value=\"\">any severity</option>");
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            h.append("<option value=\"").append(Severity.values()[i].label()).append("\">at least ")
                    .append(Severity.values()[i].label()).append("</option>");
        }
        h.append("</select><select id=\"rule\" aria-label=\"rule\"><option value=\"\">all rules</option>");
        run.evaluation().rules().forEach(r -> h.append("<option>").append(e(r.id())).append("</option>"));
        h.append("</select><select id=\"ns\" aria-label=\"namespace\"><option value=\"\">all namespaces</option>");
        ordered.stream().map(f -> f.subject().namespace()).filter(java.util.Objects::nonNull).distinct().sorted()
                .forEach(ns -> h.append("<option>").append(e(ns)).append("</option>"));
        h.append("</select><select id=\"st\" aria-label=\"state\"><option value=\"\">new and open</option>")
                .append("<option>new</option><option>open</option><option>waived</option>")
                .append("<option value=\"all\">all, waived too</option></select></div>");
        Map<String, List<Finding>> byRule = new java.util.LinkedHashMap<>();
        ordered.forEach(f -> byRule.computeIfAbsent(f.ruleId(), r -> new java.util.ArrayList<>()).add(f));
        for (List<Finding> group : byRule.values()) {
            Finding first = group.get(0);
            h.append("<div class=\"group\" data-rule=\"").append(e(first.ruleId())).append("\"><h3><span class=\"sev ")
                    .append(first.severity().label()).append("\">").append(first.severity().label()).append("</span> ")
                    .append(e(first.ruleId())).append(": ").append(e(first.title())).append(" (").append(group.size())
                    .append(group.size() == 1 ? " object" : " objects").append(")</h3><p><i>")
                    .append(e(String.valueOf(first.limitation()))).append("</i></p><p><b>What to do:</b> ")
                    .append(e(first.remediation()));
            if (first.docs() != null && first.docs().startsWith("https://")) {
                h.append(" <a href=\"").append(e(first.docs())).append("\">Illumio documentation</a>");
            }
            h.append("</p>");
            group.forEach(f -> finding(h, run, f));
            h.append("</div>");
        }
        h.append("</section>");
    }

    private static void finding(StringBuilder h, ReportRun run, Finding f) {
        Lifecycle.State state = run.lifecycle().findings().get(f.fingerprint());
        h.append("<div class=\"finding").append(f.waiver() == null ? "" : " waived").append("\" id=\"f-")
                .append(e(f.fingerprint())).append("\" data-severity=\"").append(f.severity().label())
                .append("\" data-rule=\"").append(e(f.ruleId())).append("\" data-namespace=\"")
                .append(e(f.subject().namespace() == null ? "" : f.subject().namespace())).append("\" data-state=\"")
                .append(state.state()).append("\" data-waived=\"").append(f.waiver() != null).append("\"><h4><span class=\"sev ")
                .append(f.severity().label()).append("\">").append(f.severity().label()).append("</span> ")
                .append(e(f.subject().toString())).append("</h4><div class=\"state\">").append(e(state.state()))
                .append(", first seen ").append(e(state.firstSeen())).append(", ").append(state.ageDays())
                .append(state.ageDays() == 1 ? " day" : " days").append(" &middot; fingerprint <code>")
                .append(e(f.fingerprint())).append("</code>");
        if (f.source() != null) {
            h.append(" &middot; <span class=\"where\">").append(e(f.source().file())).append(':')
                    .append(f.source().line()).append("</span>");
        }
        h.append("</div><p>").append(e(f.message())).append("</p>");
        if (f.waiver() != null) {
            h.append("<p class=\"waiver\">Waived: ").append(e(f.waiver().reason()))
                    .append(f.waiver().owner() == null ? "" : " (owner " + e(f.waiver().owner()) + ", until "
                            + e(f.waiver().expires()) + ")").append(" &middot; ").append(e(f.waiver().source()))
                    .append("</p>");
        }
        h.append("<details><summary>Evidence (").append(f.evidence().size()).append(" facts)</summary><table>");
        for (Evidence ev : f.evidence()) {
            h.append("<tr><td>").append(e(ev.kind())).append("</td><td><code>").append(e(ev.key()))
                    .append("</code></td><td>").append(e(String.valueOf(ev.fields()))).append("</td></tr>");
        }
        h.append("</table></details></div>");
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
