package io.caveat.serve;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.caveat.model.Evaluation;

/** The evaluate --output json contract, plus the evaluation's id, time and verdict. */
record EvaluationResponse(String id, String evaluatedAt, Verdict verdict, @JsonUnwrapped Evaluation evaluation) {
    /** What GET /evaluations lists of it. */
    record Summary(String id, String evaluatedAt, String source, Verdict verdict) {
    }

    Summary summary() {
        return new Summary(id, evaluatedAt, evaluation.snapshot().source(), verdict);
    }
}
