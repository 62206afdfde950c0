package io.caveat.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.net.http.HttpHeaders;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.net.ssl.SSLException;

/**
 * Reads PCE collections over the REST API, read-only, as a careful client must: HTTP Basic auth with an API key,
 * the async collection job for collections a plain GET would cut at 500 objects, 429 answered by waiting
 * Retry-After, 5xx and timeouts retried with backoff within a time budget, 401/403 turned into messages that name
 * the key and what it lacks. Bodies stream to files; nothing big is held in memory.
 */
public final class PceClient {
    /** A plain GET returns at most this many objects. */
    static final int SYNC_LIMIT = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A refused connection is not load: nothing listens. A few quick tries cover a restart, not the budget. */
    private static final int REFUSED_TRIES = 3;

    private final PceSettings settings;
    private final PceCredentials credentials;
    private final CollectionReport report;
    private final HttpClient http;

    public PceClient(PceSettings settings, PceCredentials credentials, CollectionReport report) {
        this.settings = settings;
        this.credentials = credentials;
        this.report = report;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.insecure()) {
            report.warn("TLS verification of the PCE is OFF (--insecure): anyone on the path can read the API key"
                    + " and forge answers");
            builder.sslContext(TlsContexts.trustingAnything());
        } else if (settings.caBundle() != null) {
            builder.sslContext(TlsContexts.trusting(settings.caBundle()));
        }
        if (settings.url().getUserInfo() != null) {
            throw new IllegalArgumentException("the PCE URL must not carry credentials: give them in the environment "
                    + "or a credentials file");
        }
        if (!"https".equalsIgnoreCase(settings.url().getScheme())) {
            report.warn("the PCE URL " + settings.url() + " is not https: the API key travels in clear");
        }
        this.http = builder.build();
    }

    /** An answer whose body was read completely into a file. */
    private record Answer(int status, HttpHeaders headers, Path body) {
        void discard() {
            try {
                Files.deleteIfExists(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Downloads a whole collection into a snapshot file: a plain GET, then, when the answer is cut at the sync
     * limit (or X-Total-Count says there is more), the async collection job. Nothing is written when it fails:
     * a collection in the snapshot is a whole one.
     *
     * @param pathAndQuery below /api/v2, e.g. /orgs/1/labels
     * @param kinds        the fact kinds the collection provides, even when it is empty
     */
    void collection(String pathAndQuery, String source, List<String> kinds, SnapshotWriter out, String fileName)
            throws IOException {
        Answer first = send(get(pathAndQuery).build(), source);
        OptionalLong total = first.headers().firstValueAsLong("X-Total-Count");
        int count = count(first.body());
        Answer whole = first;
        if (count >= SYNC_LIMIT || total.isPresent() && total.getAsLong() > count) {
            first.discard();
            whole = asyncCollection(pathAndQuery.replaceAll("([?&])max_results=\\d+&?", "$1").replaceFirst("[?&]$", ""),
                    source);
            count = count(whole.body());
        }
        out.pce(fileName, whole.body());
        report.page(source, count);
        report.done(source, kinds);
    }

    /** GET with Prefer: respond-async, poll the job as Retry-After says, then fetch its datafile. */
    private Answer asyncCollection(String pathAndQuery, String source) throws IOException {
        Instant deadline = Instant.now().plus(settings.budget());
        Answer accepted = send(get(pathAndQuery).header("Prefer", "respond-async").build(), source);
        if (accepted.status() == 200) {
            return accepted;
        }
        accepted.discard();
        String job = accepted.headers().firstValue("Location")
                .orElseThrow(() -> new PceException("the PCE accepted the async request for " + source
                        + " without a Location header", false));
        Duration wait = retryAfter(accepted.headers(), Duration.ofSeconds(1));
        while (true) {
            sleepUntil(wait, deadline, "the PCE's async job for " + source);
            Answer poll = send(get(job).build(), source + " (async job)");
            JsonNode status = SnapshotWriter.MAPPER.readTree(poll.body().toFile());
            poll.discard();
            String state = status.path("status").asText();
            if ("done".equals(state) || "completed".equals(state)) {
                String datafile = status.path("result").path("href").asText(null);
                if (datafile == null) {
                    throw new PceException("the async job for " + source + " finished without a result", false);
                }
                return send(get(datafile).build(), source + " (datafile)");
            }
            if ("failed".equals(state)) {
                throw new PceException("the PCE's async job for " + source + " failed", false);
            }
            wait = retryAfter(poll.headers(), Duration.ofSeconds(1));
        }
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(settings.api(pathAndQuery)).GET().timeout(settings.requestTimeout())
                .header("Accept", "application/json").header("Authorization", credentials.authorization());
    }

    /**
     * Sends with retries and reads the body to a file, all within the budget (a body that stalls counts as a
     * timeout); returns a 2xx answer or throws a PceException that says what to do.
     */
    private Answer send(HttpRequest request, String what) throws IOException {
        Instant start = Instant.now();
        Instant deadline = start.plus(settings.budget());
        Duration backoff = FIRST_BACKOFF;
        String last;
        int refused = 0;
        while (true) {
            Duration wait = backoff;
            Path body = Files.createTempFile("caveat-pce-", ".json");
            boolean kept = false;
            try {
                HttpResponse<Path> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofFile(body))
                        .get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    kept = true;
                    return new Answer(code, response.headers(), body);
                }
                String text = credentials.excerpt(firstLine(body));
                if (code == 401) {
                    throw new PceException("the PCE refused API key " + credentials.key() + " (401 Unauthorized):"
                            + " check the key and its secret, and that the key belongs to org " + settings.org(), true);
                }
                if (code == 403) {
                    throw new PceException("API key " + credentials.key() + " may not read " + request.uri().getPath()
                            + " (403 Forbidden): give it a read-only role that covers it, such as Global Read Only",
                            false);
                }
                if (code != 429 && code < 500) {
                    throw new PceException("the PCE answered " + code + " to " + request.uri().getPath() + ": " + text,
                            false);
                }
                last = code + (code == 429 ? " Too Many Requests" : " " + text);
                if (code == 429) {
                    wait = retryAfter(response.headers(), backoff);
                }
            } catch (TimeoutException e) {
                last = "the answer did not come within the budget";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (Causes.is(cause, SSLException.class)) {
                    throw new PceException("TLS with the PCE at " + settings.url() + " failed (" + Causes.root(cause)
                            + "): if it uses a private CA, give the CA's certificate with --ca-bundle (pce.caBundle)",
                            true);
                }
                if (Causes.is(cause, UnknownHostException.class) || Causes.is(cause, UnresolvedAddressException.class)) {
                    throw new PceException("cannot resolve the PCE host of " + settings.url() + " ("
                            + Causes.root(cause) + ")", true);
                }
                if (Causes.is(cause, java.net.ConnectException.class) && ++refused >= REFUSED_TRIES) {
                    throw new PceException("cannot connect to the PCE at " + settings.url() + " (" + Causes.root(cause)
                            + ", " + refused + " tries): check the URL and that the PCE is reachable from here", true);
                }
                last = cause instanceof HttpTimeoutException
                        ? "no answer within " + settings.requestTimeout().toSeconds() + " s" : Causes.root(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PceException("interrupted while reading " + what, true);
            } finally {
                if (!kept) {
                    Files.deleteIfExists(body);
                }
            }
            if (Instant.now().plus(wait).isAfter(deadline)) {
                throw new PceException("gave up on " + what + " after " + Duration.between(start, Instant.now())
                        .toSeconds() + " s (budget " + settings.budget().toSeconds() + " s): " + last, true);
            }
            report.retry(what, last + ", again in " + wait.toMillis() + " ms");
            sleepUntil(wait, deadline, what);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static Duration retryAfter(HttpHeaders headers, Duration fallback) {
        return headers.firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    private static String firstLine(Path body) {
        try (InputStream in = Files.newInputStream(body)) {
            String text = new String(in.readNBytes(300), java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "(no body)" : text.lines().findFirst().orElse(text);
        } catch (IOException e) {
            return "(unreadable body)";
        }
    }

    /** Objects in a downloaded JSON array, counted by streaming. */
    static int count(Path file) throws IOException {
        try (JsonParser parser = SnapshotWriter.MAPPER.getFactory().createParser(Files.newInputStream(file))) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return parser.currentToken() == JsonToken.START_OBJECT ? 1 : 0;
            }
            int count = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                count++;
            }
            return count;
        }
    }

    /** Waits as asked, but never past the deadline: then the wait ends in a PceException. */
    private static void sleepUntil(Duration wait, Instant deadline, String what) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.compareTo(wait) < 0) {
            throw new PceException(what + " did not finish within the time budget", true);
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PceException("interrupted while waiting for " + what, true);
        }
    }
}
