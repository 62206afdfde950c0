package io.caveat.serve;

import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The request bytes all evaluations in flight may hold together. Each request takes its Content-Length (a body
 * without one, the largest allowed) before its body is read, and gives it back when answered; a request that does
 * not fit is answered 503 with Retry-After at once, so that bodies under the size limit cannot, together,
 * exhaust the heap.
 */
final class BodyBudget {
    private static final int KIB = 1024;
    private final Semaphore kib;
    private final int totalKib;
    private final long maxBody;

    BodyBudget(long inFlightBytes, long maxBodyBytes) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, inFlightBytes / KIB));
        this.kib = new Semaphore(totalKib);
        this.maxBody = maxBodyBytes;
    }

    /** A Content-Length, or -1 when it is not a number (the server then refuses the request itself). */
    static long parse(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    Handler guard(Handler handler) {
        return ctx -> {
            String header = ctx.header("Content-Length");
            long length = header == null ? -1 : parse(header);
            long bytes = length < 0 ? maxBody : length;
            int need = (int) Math.min(totalKib, Math.max(1, (bytes + KIB - 1) / KIB));
            if (!kib.tryAcquire(need)) {
                ctx.header("Retry-After", "1");
                throw new HttpResponseException(503, "the service is busy with other evaluations' bodies: try again",
                        Map.of());
            }
            try {
                handler.handle(ctx);
            } finally {
                kib.release(need);
            }
        };
    }
}
