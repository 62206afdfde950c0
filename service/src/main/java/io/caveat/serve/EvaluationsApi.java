package io.caveat.serve;

import io.caveat.collect.CollectSettings;
import io.caveat.engine.KnowledgeBase;
import io.caveat.evaluate.Completeness;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
import io.caveat.model.Severity;
import io.caveat.report.Waivers;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Handlers of /evaluations: fire the current knowledge base over a posted snapshot (or a live collection). */
final class EvaluationsApi {
    private final RulesHolder rules;
    private final ServiceMetrics metrics;
    private final EvaluationHistory history;
    private final EvaluationSnapshots snapshots;
    private final CollectSettings live;
    private final PrintWriter log;
    private final java.util.function.Supplier<List<Waivers.Entry>> waivers;

    EvaluationsApi(RulesHolder rules, ServiceMetrics metrics, EvaluationHistory history,
                   EvaluationSnapshots snapshots, CollectSettings live,
                   java.util.function.Supplier<List<Waivers.Entry>> waivers, PrintWriter log) {
        this.snapshots = snapshots;
        this.waivers = waivers;
        this.rules = rules;
        this.metrics = metrics;
        this.history = history;
        this.live = live;
        this.log = log;
    }

    void create(Context ctx) {
        ServiceApp.requireJson(ctx);
        // The knowledge base of this request: a reload meanwhile does not change its answer.
        KnowledgeBase kb = rules.current();
        if (kb == null) {
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("no knowledge base compiled yet"));
            return;
        }
        Severity failOn = failOn(ctx);
        Instant start = Instant.now();
        Snapshot snapshot;
        try {
            snapshot = SnapshotRequest.read(ctx.bodyAsBytes(), live, log);
        } catch (BadRequest e) {
            metrics.evaluation("input_error", Duration.between(start, Instant.now()), null);
            throw e;
        }
        Evaluation evaluation;
        try {
            evaluation = EvaluateSnapshot.run(kb, snapshot, waivers.get(), LocalDate.now(java.time.ZoneOffset.UTC));
        } catch (RuntimeException e) {
            metrics.evaluation("failed", Duration.between(start, Instant.now()), null);
            throw e;
        }
        if (Completeness.noneEvaluated(evaluation)) {
            // As the CLI's exit 2: nothing in the body was data a rule could judge; no evaluation to keep.
            metrics.evaluation("input_error", Duration.between(start, Instant.now()), null);
            List<String> why = new java.util.ArrayList<>(snapshot.summary().problems());
            why.addAll(snapshot.summary().unreadableSources());
            ServiceApp.error(ctx, HttpStatus.UNPROCESSABLE_CONTENT, new ApiError("no rule could be evaluated: the "
                    + "snapshot holds none of the data the rules need" + (why.isEmpty() ? " (it is empty)" : ""),
                    null, why));
            return;
        }
        EvaluationResponse response = new EvaluationResponse(UUID.randomUUID().toString(), start.toString(),
                Verdict.of(evaluation, failOn), evaluation);
        byte[] json = ServiceApp.bytes(response);
        history.add(response.summary(), json);
        snapshots.add(response.id(), snapshot, kb.version(), ctx.bodyAsBytes().length);
        snapshots.retainOnly(id -> history.get(id).isPresent());
        metrics.evaluation(!snapshot.summary().problems().isEmpty() || !snapshot.summary().unreadable().isEmpty()
                ? "input_error"
                : evaluation.findings().isEmpty() ? "clean" : "findings", Duration.between(start, Instant.now()),
                evaluation);
        ctx.status(HttpStatus.CREATED).header("Location", ServiceApp.API + "/evaluations/" + response.id());
        ctx.contentType("application/json").result(json);
    }

    /** GET /evaluations: the recent evaluations, newest first, a page at a time (?limit=, ?cursor=). */
    void list(Context ctx) {
        int limit = Paging.limit(ctx);
        ServiceApp.json(ctx, history.page(ctx.queryParam("cursor"), limit));
    }

    private static Severity failOn(Context ctx) {
        String text = ctx.queryParam("failOn");
        if (text == null) {
            return Severity.LOW;
        }
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("failOn: " + e.getMessage(), "failOn");
        }
    }

    /**
     * The snapshot an evaluation was made on, for "why not".
     *
     * @throws NotFound when the evaluation is not kept, or is but its snapshot no longer is
     */
    EvaluationSnapshots.Kept snapshotOf(String id) {
        if (history.get(id).isEmpty()) {
            throw new NotFound("no recent evaluation " + id);
        }
        return snapshots.get(id).orElseThrow(() -> new NotFound("the snapshot of evaluation " + id + " is no longer "
                + "kept (only the most recent evaluations' are); post its documents to " + ServiceApp.API
                + "/rules/why-not instead"));
    }

    void one(Context ctx) {
        ctx.contentType("application/json").result(history.get(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFound("no recent evaluation " + ctx.pathParam("id"))));
    }
}
