package io.caveat.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
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
            // The JDK client checks host names apart from trust; insecure means neither.
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        } else if (settings.caBundle() != null) {
            builder.sslContext(TlsContexts.trusting(settings.caBundle()));
        }
        if (!"https".equalsIgnoreCase(settings.url().getScheme())) {
            report.warn("the PCE URL " + settings.url() + " is not https: the API key travels in clear");
        }
        this.http = builder.build();
    }

    /**
     * Downloads a whole collection into a snapshot file: a plain GET, then, when the answer is cut at the sync
     * limit (or X-Total-Count says there is more), the async collection job.
     *
     * @param pathAndQuery below /api/v2, e.g. /orgs/1/labels
     */
    void collection(String pathAndQuery, String source, SnapshotWriter out, String fileName) throws IOException {
        HttpResponse<InputStream> response = send(get(pathAndQuery).build(), source);
        OptionalLong total = response.headers().firstValueAsLong("X-Total-Count");
        try (InputStream body = response.body()) {
            out.pce(fileName, body);
        }
        int count = count(out.root().resolve("pce").resolve(fileName));
        if (count >= SYNC_LIMIT || total.isPresent() && total.getAsLong() > count) {
            asyncCollection(pathAndQuery, source, out, fileName);
        } else {
            report.page(source, count);
        }
        report.done(source);
    }

    /** GET with Prefer: respond-async, poll the job as Retry-After says, then fetch its datafile. */
    private void asyncCollection(String pathAndQuery, String source, SnapshotWriter out, String fileName)
            throws IOException {
        HttpResponse<InputStream> accepted = send(get(pathAndQuery).header("Prefer", "respond-async").build(), source);
        accepted.body().close();
        String job = accepted.headers().firstValue("Location")
                .orElseThrow(() -> new PceException("the PCE accepted the async request for " + source
                        + " without a Location header", false));
        Duration wait = retryAfter(accepted, Duration.ofSeconds(1));
        Instant deadline = Instant.now().plus(settings.budget());
        while (true) {
            sleep(wait);
            HttpResponse<InputStream> poll = send(get(job).build(), source + " (async job)");
            JsonNode status;
            try (InputStream body = poll.body()) {
                status = SnapshotWriter.MAPPER.readTree(body);
            }
            String state = status.path("status").asText();
            if ("done".equals(state) || "completed".equals(state)) {
                String datafile = status.path("result").path("href").asText(null);
                if (datafile == null) {
                    throw new PceException("the async job for " + source + " finished without a result", false);
                }
                HttpResponse<InputStream> data = send(get(datafile).build(), source + " (datafile)");
                try (InputStream body = data.body()) {
                    out.pce(fileName, body);
                }
                report.page(source, count(out.root().resolve("pce").resolve(fileName)));
                return;
            }
            if ("failed".equals(state)) {
                throw new PceException("the PCE's async job for " + source + " failed", false);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new PceException("the PCE's async job for " + source + " did not finish within "
                        + settings.budget().toSeconds() + " s", false);
            }
            wait = retryAfter(poll, Duration.ofSeconds(1));
        }
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(settings.api(pathAndQuery)).GET().timeout(settings.requestTimeout())
                .header("Accept", "application/json").header("Authorization", credentials.authorization());
    }

    /** Sends with retries; returns a 2xx answer or throws a PceException that says what to do. */
    private HttpResponse<InputStream> send(HttpRequest request, String what) {
        Instant deadline = Instant.now().plus(settings.budget());
        Duration backoff = FIRST_BACKOFF;
        String last;
        while (true) {
            Duration wait = backoff;
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    return response;
                }
                String body = firstLine(response);
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
                    throw new PceException("the PCE answered " + code + " to " + request.uri().getPath() + ": " + body,
                            false);
                }
                last = code + (code == 429 ? " Too Many Requests" : " " + body);
                if (code == 429) {
                    wait = retryAfter(response, backoff);
                }
            } catch (SSLException e) {
                throw new PceException("TLS with the PCE at " + settings.url() + " failed (" + e.getMessage() + "): if"
                        + " it uses a private CA, give the CA's certificate with --ca-bundle (pce.caBundle)", true);
            } catch (HttpTimeoutException e) {
                last = "no answer within " + settings.requestTimeout().toSeconds() + " s";
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PceException("interrupted while reading " + what, true);
            }
            if (Instant.now().plus(wait).isAfter(deadline)) {
                throw new PceException("gave up on " + what + " after " + settings.budget().toSeconds() + " s: " + last,
                        true);
            }
            report.retry(what, last + ", again in " + wait.toMillis() + " ms");
            sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static Duration retryAfter(HttpResponse<?> response, Duration fallback) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }

    private static String firstLine(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            String text = new String(body.readNBytes(300), java.nio.charset.StandardCharsets.UTF_8).strip();
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PceException("interrupted", true);
        }
    }
}
