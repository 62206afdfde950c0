package io.caveat.serve;

import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleSource;
import io.caveat.engine.RuleLoadException;
import io.caveat.model.RuleInfo;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Handlers of /rules and /readyz: the knowledge base's metadata, validation of a submitted file, reload. */
final class RulesApi {
    /** Compiling is costly: at most this many validations at once, the others wait or are told to retry. */
    static final int CONCURRENT_VALIDATIONS = 2;
    private final RulesHolder rules;
    private final Semaphore validations = new Semaphore(CONCURRENT_VALIDATIONS);

    private final java.util.function.Supplier<io.caveat.load.Snapshot> latest;

    /** Why a request may not change rules (null when it may): GET /rules says so before anyone edits. */
    private final java.util.function.Function<Context, String> changeRefusal;

    /** @param latest the snapshot of the newest archived run, or null when there is none */
    RulesApi(RulesHolder rules, java.util.function.Supplier<io.caveat.load.Snapshot> latest,
             java.util.function.Function<Context, String> changeRefusal) {
        this.rules = rules;
        this.latest = latest;
        this.changeRefusal = changeRefusal;
    }

    void list(Context ctx) {
        KnowledgeBase kb = rules.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("knowledgeBase", kb == null ? null : kb.info());
        body.put("rules", kb == null ? List.of() : kb.rules());
        body.put("lastReload", rules.lastReload());
        String refusal = changeRefusal.apply(ctx);
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("allowed", refusal == null);
        changes.put("reason", refusal);
        body.put("changes", changes);
        ServiceApp.json(ctx, body);
    }

    void one(Context ctx) {
        KnowledgeBase kb = rules.current();
        RuleInfo rule = kb == null ? null : kb.rule(ctx.pathParam("id"));
        if (rule == null) {
            throw new NotFound("no rule " + ctx.pathParam("id"));
        }
        ServiceApp.json(ctx, Map.of("knowledgeBase", kb.info(), "rule", rule));
    }

    /**
     * Compiles the submitted file as it would be in the rules directory, beside the vocabulary and the other
     * limitations it builds on, and checks the metadata; never fires it. The name (query parameter name, default
     * submitted.drl) is its path under the rules directory: it replaces the file of that path, or is added; its
     * ending says whether it is DRL, a decision table (.drl.csv) or a limitation.yaml.
     */
    void validate(Context ctx) {
        String name = ctx.queryParam("name") == null ? "submitted.drl" : ctx.queryParam("name");
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        if (!RuleFile.isKnowledgeFile(fileName) || name.endsWith(".xls") || name.endsWith(".xlsx")) {
            throw new BadRequest("name must end with .drl or .drl.csv, or be a limitation.yaml", "name");
        }
        if (name.startsWith("/") || name.contains("\\") || java.util.Arrays.asList(name.split("/")).contains("..")) {
            throw new BadRequest("name must be a path under the rules directory", "name");
        }
        byte[] text = ctx.bodyAsBytes();
        if (!acquire()) {
            ctx.header("Retry-After", "1");
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("busy validating other rules; retry"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            java.util.List<RuleFile> files = new java.util.ArrayList<>(rules.read(RuleSource::directory));
            files.removeIf(f -> f.name().equals(name));
            files.add(new RuleFile(name, text));
            KnowledgeBase kb = RuleCompiler.compile(files);
            body.put("valid", true);
            body.put("rules", kb.rules());
            body.put("diagnostics", List.of());
        } catch (RuleLoadException e) {
            body.put("valid", false);
            body.put("diagnostics", e.diagnostics());
        } finally {
            validations.release();
        }
        ServiceApp.json(ctx, body);
    }

    private boolean acquire() {
        try {
            return validations.tryAcquire(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POST /rules/dry-run: what a change would do, compiled and compared, with nothing made active. */
    void dryRun(Context ctx) {
        com.fasterxml.jackson.databind.JsonNode body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        RulesDryRun.Change change = RulesDryRun.change(body);
        io.caveat.load.Snapshot snapshot = snapshot(body);
        compiling(ctx, () -> ServiceApp.json(ctx, new RulesDryRun(rules).run(change, snapshot)));
    }

    /** A JSON body, once a knowledge base serves; null when none does (answered 503). */
    private com.fasterxml.jackson.databind.JsonNode jsonBody(Context ctx) {
        ServiceApp.requireJson(ctx);
        if (rules.current() == null) {
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("no knowledge base compiled yet"));
            return null;
        }
        return RulesDryRun.tree(ctx.bodyAsBytes());
    }

    /** The body's documents as a snapshot, else the newest archived run's. */
    private io.caveat.load.Snapshot snapshot(com.fasterxml.jackson.databind.JsonNode body) {
        io.caveat.load.Snapshot snapshot = body.has("documents")
                ? SnapshotRequest.read(RulesDryRun.documents(body), null, rules.log()) : latest.get();
        if (snapshot == null) {
            throw new BadRequest("no snapshot: give 'documents' (as for POST /evaluations), or run a report first "
                    + "(the newest archived run keeps its snapshot)", "/documents");
        }
        return snapshot;
    }

    /** Compiling is costly: the work runs in one of the few compiling slots, or is answered 503 to retry. */
    private void compiling(Context ctx, Runnable work) {
        if (!acquire()) {
            ctx.header("Retry-After", "1");
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("busy compiling other rules; retry"));
            return;
        }
        try {
            work.run();
        } finally {
            validations.release();
        }
    }

    /**
     * POST /rules/why-not {rule, subject, documents?}: why a limitation made no finding about one object, on the
     * posted snapshot or the newest archived run's.
     */
    void whyNot(Context ctx) {
        com.fasterxml.jackson.databind.JsonNode body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        explain(ctx, body.path("rule").asText(""), body.path("subject").asText(""), "/", snapshot(body), Map.of());
    }

    /**
     * GET /evaluations/{id}/why-not?rule=&subject=: the same on an evaluation's snapshot; the answer says when the
     * rules changed since, as it explains with the rules served now.
     */
    void whyNot(Context ctx, EvaluationSnapshots.Kept evaluated) {
        if (rules.current() == null) {
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("no knowledge base compiled yet"));
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("evaluatedWith", evaluated.knowledgeBase());
        if (!evaluated.knowledgeBase().equals(rules.current().version())) {
            extra.put("note", "the rules changed since this evaluation: the answer is given with the rules served "
                    + "now (" + rules.current().version() + ")");
        }
        explain(ctx, query(ctx, "rule"), query(ctx, "subject"), "", evaluated.snapshot(), extra);
    }

    private static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value;
    }

    /** @param field how the request names its fields: "/" for a JSON body's pointers, "" for query parameters */
    private void explain(Context ctx, String rule, String subjectText, String field, io.caveat.load.Snapshot snapshot,
                         Map<String, Object> extra) {
        KnowledgeBase kb = rules.current();
        if (kb.rule(rule) == null) {
            throw new BadRequest("no limitation '" + rule + "' in the knowledge base", field + "rule");
        }
        String[] parts = subjectText.split("/");
        if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new BadRequest("subject must be Kind/namespace/name or Kind/name, as findings name it "
                    + "(Service/app1/web, Node/worker-1)", field + "subject");
        }
        io.caveat.model.Subject subject = new io.caveat.model.Subject(parts[0], parts.length == 3 ? parts[1] : null,
                parts[parts.length - 1]);
        compiling(ctx, () -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("rule", rule);
            answer.put("subject", subject.toString());
            answer.put("snapshot", snapshot.summary().source());
            answer.putAll(extra);
            try {
                answer.put("rules", io.caveat.engine.WhyNot.explain(kb, rules.read(RuleSource::directory), rule,
                        subject, snapshot));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage(), field + "rule");
            }
            ServiceApp.json(ctx, answer);
        });
    }

    void reload(Context ctx) {
        RulesHolder.ReloadStatus status = rules.reload();
        ctx.status(status.ok() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT);
        ServiceApp.json(ctx, status);
    }

    /** Ready once a knowledge base compiled; says so with the last reload's errors otherwise. */
    void ready(Context ctx) {
        KnowledgeBase kb = rules.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ready", kb != null);
        body.put("knowledgeBase", kb == null ? null : kb.version());
        body.put("lastReload", rules.lastReload());
        ctx.status(kb == null ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
        ServiceApp.json(ctx, body);
    }
}
