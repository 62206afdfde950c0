package io.caveat.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * A parser's complaint in a user's words: its first line, and Jackson's "[Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 15]" as "line 1, column 15".
 */
public final class ParseMessages {
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private ParseMessages() {
    }

    public static String of(JsonProcessingException e) {
        String first = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst()
                .orElse("malformed");
        return SOURCE.matcher(first).replaceAll("line $1, column $2");
    }
}
