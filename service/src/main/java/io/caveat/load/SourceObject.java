package io.caveat.load;

import io.caveat.model.SourceLocation;
import java.util.Map;

/**
 * A Kubernetes object as read: where it is (null when read from a temporary file: stdin, a request body) and its
 * labels, for findings about it (-l, SARIF).
 */
public record SourceObject(SourceLocation location, Map<String, String> labels) {
}
