package io.caveat.evaluate;

import io.caveat.engine.Evaluator;
import io.caveat.engine.KnowledgeBase;
import io.caveat.load.Snapshot;
import io.caveat.load.SourceObject;
import io.caveat.model.Evaluation;
import io.caveat.model.Finding;
import io.caveat.model.WaiverAnnotation;
import io.caveat.report.Waivers;
import java.time.LocalDate;
import java.util.List;

/**
 * What evaluate, report and the service all do with a snapshot: fire the knowledge base over it, then apply the
 * waivers of the waivers file and of the objects' caveat.io/waive annotations, as of a day.
 */
public final class EvaluateSnapshot {
    private EvaluateSnapshot() {
    }

    public static Evaluation run(KnowledgeBase kb, Snapshot snapshot, List<Waivers.Entry> waivers, LocalDate today) {
        List<WaiverAnnotation> annotations = snapshot.facts().stream().filter(WaiverAnnotation.class::isInstance)
                .map(WaiverAnnotation.class::cast).toList();
        return located(Waivers.apply(Evaluator.evaluate(kb, snapshot), waivers, annotations, today), snapshot);
    }

    /** Each finding whose subject was read from a file, with that file and line. */
    private static Evaluation located(Evaluation evaluation, Snapshot snapshot) {
        if (snapshot.sources().isEmpty()) {
            return evaluation;
        }
        List<Finding> findings = evaluation.findings().stream().map(f -> {
            SourceObject source = snapshot.sources().get(f.subject().toString());
            return source == null || source.location() == null ? f : f.at(source.location());
        }).toList();
        return new Evaluation(evaluation.knowledgeBase(), evaluation.snapshot(), evaluation.rules(), findings,
                evaluation.durationMillis(), evaluation.waivers());
    }
}
