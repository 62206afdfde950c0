package io.caveat.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer.
 *
 * @param field       JSON pointer of the offending field, or "line:column" in a malformed body; null if none
 * @param diagnostics rule compile errors as file:line:column: message
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ApiError(String error, String field, List<String> diagnostics) {
    static ApiError of(String error) {
        return new ApiError(error, null, List.of());
    }
}
