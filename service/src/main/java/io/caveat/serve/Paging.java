package io.caveat.serve;

import io.javalin.http.Context;

/** ?limit= of the list endpoints: a positive number, at most MAX. */
final class Paging {
    static final int DEFAULT = 20;
    static final int MAX = 1000;

    private Paging() {
    }

    static int limit(Context ctx) {
        return limit(ctx, DEFAULT);
    }

    static int limit(Context ctx, int fallback) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit > 0 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("limit must be a number from 1 to " + MAX, "limit");
    }
}
