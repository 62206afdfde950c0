package io.caveat.serve;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.caveat.model.Evaluation;

/** The evaluate --output json contract, plus the evaluation's id and time. */
record EvaluationResponse(String id, String evaluatedAt, @JsonUnwrapped Evaluation evaluation) {
}
