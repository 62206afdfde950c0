package io.caveat.serve;

import io.caveat.collect.CollectSettings;
import io.caveat.engine.KnowledgeBase;
import io.caveat.evaluate.EvaluateSnapshot;
import io.caveat.load.Snapshot;
import io.caveat.model.Evaluation;
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
    private final CollectSettings live;
    private final PrintWriter log;
    private final java.util.function.Supplier<List<Waivers.Entry>> waivers;

    EvaluationsApi(RulesHolder rules, ServiceMetrics metrics, EvaluationHistory history, CollectSettings live,
                   java.util.function.Supplier<List<Waivers.Entry>> waivers, PrintWriter log) {
        this.waivers = waivers;
        this.rules = rules;
        this.metrics = metrics;
        this.history = history;
        this.live = live;
        this.log = log;
    }

    void create(Context ctx) {
        // The knowledge base of this request: a reload meanwhile does not change its answer.
        KnowledgeBase kb = rules.current();
        if (kb == null) {
            ServiceApp.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, ApiError.of("no knowledge base compiled yet"));
            return;
        }
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
        EvaluationResponse response = new EvaluationResponse(UUID.randomUUID().toString(), start.toString(),
                evaluation);
        byte[] json = ServiceApp.bytes(response);
        history.add(response.id(), json);
        metrics.evaluation(!snapshot.summary().problems().isEmpty() || !snapshot.summary().unreadable().isEmpty()
                ? "input_error"
                : evaluation.findings().isEmpty() ? "clean" : "findings", Duration.between(start, Instant.now()),
                evaluation);
        ctx.status(HttpStatus.CREATED).header("Location", ServiceApp.API + "/evaluations/" + response.id());
        ctx.contentType("application/json").result(json);
    }

    void one(Context ctx) {
        ctx.contentType("application/json").result(history.get(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFound("no recent evaluation " + ctx.pathParam("id"))));
    }
}
