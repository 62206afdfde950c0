package io.caveat.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.Subject;
import io.caveat.model.Waiver;
import io.caveat.model.WaiverAnnotation;
import io.caveat.model.WaiverReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Knowingly accepted findings. A waivers file (YAML) that analysts edit, each entry with a rule, a subject
 * selector (kind / namespace / name, * and ? allowed), a reason, an owner and an expiry date, all required; and
 * caveat.io/waive annotations on objects. A waived finding stays in the report, marked; an expired waiver no
 * longer applies and is reported; one that matches nothing is reported stale; an annotation without a reason is
 * reported invalid. The same logic serves evaluate, report and the service.
 */
public final class Waivers {
    /** One entry of the waivers file. */
    public record Entry(String source, Pattern rule, Pattern kind, Pattern namespace, Pattern name, String reason,
                        String owner, LocalDate expires, String selector) {
        boolean matches(Finding f) {
            Subject s = f.subject();
            return rule.matcher(f.ruleId()).matches() && kind.matcher(s.kind()).matches()
                    && namespace.matcher(s.namespace() == null ? "" : s.namespace()).matches()
                    && name.matcher(s.name()).matches();
        }
    }

    private static final List<String> ENTRY_KEYS = List.of("rule", "subject", "reason", "owner", "expires");
    private static final List<String> SUBJECT_KEYS = List.of("kind", "namespace", "name");

    private Waivers() {
    }

    /** Reads a waivers file; every problem names the entry and the field. */
    public static List<Entry> load(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": " + io.caveat.load.ParseMessages.of(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read waivers file " + file + ": " + e.getMessage());
        }
        JsonNode list = root == null ? null : root.get("waivers");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ": expected a list under 'waivers:'");
        }
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode w = list.get(i);
            String at = file.getFileName() + "#" + (i + 1);
            // A misspelt key would otherwise widen the waiver to everything: refuse it.
            List<String> unknown = new ArrayList<>();
            w.fieldNames().forEachRemaining(k -> {
                if (!ENTRY_KEYS.contains(k)) {
                    unknown.add(k);
                }
            });
            w.path("subject").fieldNames().forEachRemaining(k -> {
                if (!SUBJECT_KEYS.contains(k)) {
                    unknown.add("subject." + k);
                }
            });
            for (String k : SUBJECT_KEYS) {
                if (w.path("subject").has(k) && !w.path("subject").get(k).isTextual()) {
                    unknown.add("subject." + k + " (must be text; \"\" for cluster-scoped objects)");
                }
            }
            if (!unknown.isEmpty()) {
                problems.add(at + ": unknown or malformed " + String.join(", ", unknown) + " (known: "
                        + String.join(", ", ENTRY_KEYS) + "; subject: " + String.join(", ", SUBJECT_KEYS) + ")");
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (String field : List.of("rule", "reason", "owner", "expires")) {
                if (w.path(field).asText("").isBlank()) {
                    missing.add(field);
                }
            }
            if (!missing.isEmpty()) {
                problems.add(at + ": " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " required");
                continue;
            }
            LocalDate expires;
            try {
                expires = LocalDate.parse(w.get("expires").asText());
            } catch (DateTimeParseException e) {
                problems.add(at + ": expires must be a date like 2027-01-31, not '" + w.get("expires").asText() + "'");
                continue;
            }
            JsonNode subject = w.path("subject");
            String kind = subject.path("kind").asText("*");
            String namespace = subject.path("namespace").asText("*");
            String name = subject.path("name").asText("*");
            entries.add(new Entry(at, glob(w.get("rule").asText()), glob(kind), glob(namespace), glob(name),
                    w.get("reason").asText(), w.get("owner").asText(), expires,
                    w.get("rule").asText() + " " + kind + "/" + namespace + "/" + name));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("waivers file " + file + ": " + String.join("; ", problems));
        }
        return entries;
    }

    /** Marks the waived findings and says which waivers expired, went stale or were invalid. */
    public static Evaluation apply(Evaluation evaluation, List<Entry> entries, List<WaiverAnnotation> annotations,
                                   LocalDate today) {
        Set<Object> used = new HashSet<>();
        List<Finding> findings = new ArrayList<>();
        int applied = 0;
        for (Finding f : evaluation.findings()) {
            // The first matching waiver explains the finding; every matching one counts as used (not stale).
            Waiver why = null;
            for (Entry e : entries) {
                if (!e.expires().isBefore(today) && e.matches(f)) {
                    if (why == null) {
                        why = new Waiver(e.source(), e.reason(), e.owner(), e.expires().toString());
                    }
                    used.add(e);
                }
            }
            for (WaiverAnnotation a : annotations) {
                if (a.reason() != null && covers(a, f)) {
                    if (why == null) {
                        why = new Waiver("annotation " + WaiverAnnotation.WAIVE + " on " + a.kind() + "/"
                                + (a.namespace() == null ? "" : a.namespace() + "/") + a.name(), a.reason(), null,
                                null);
                    }
                    used.add(a);
                }
            }
            if (why != null) {
                applied++;
            }
            findings.add(why == null ? f : f.waived(why));
        }
        List<String> expired = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Entry e : entries) {
            if (e.expires().isBefore(today)) {
                expired.add(e.source() + " (" + e.selector() + ", owner " + e.owner() + ") expired " + e.expires());
            } else if (!used.contains(e)) {
                stale.add(e.source() + " (" + e.selector() + ") matches no finding");
            }
        }
        for (WaiverAnnotation a : annotations) {
            String object = a.kind() + "/" + (a.namespace() == null ? "" : a.namespace() + "/") + a.name();
            if (a.reason() == null) {
                invalid.add(WaiverAnnotation.WAIVE + " on " + object + " has no " + WaiverAnnotation.REASON
                        + ": not applied");
            } else if (!used.contains(a)) {
                stale.add(WaiverAnnotation.WAIVE + " on " + object + " (" + String.join(",", a.rules())
                        + ") matches no finding");
            }
        }
        return evaluation.withWaivers(findings, new WaiverReport(applied, expired, stale, invalid));
    }

    /** The annotated object is the subject, or the subject's namespace. */
    private static boolean covers(WaiverAnnotation a, Finding f) {
        if (!a.rules().contains(f.ruleId()) && !a.rules().contains("*")) {
            return false;
        }
        Subject s = f.subject();
        if ("Namespace".equals(a.kind())) {
            return a.name().equals(s.namespace()) || "Namespace".equals(s.kind()) && a.name().equals(s.name());
        }
        return a.kind().equals(s.kind()) && a.name().equals(s.name())
                && java.util.Objects.equals(a.namespace(), s.namespace());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
