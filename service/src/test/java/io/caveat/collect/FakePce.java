package io.caveat.collect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A PCE over HTTP for tests: serves collections (JSON arrays, in the API's shapes) at their API paths, cuts plain
 * GETs at 500 objects with X-Total-Count as the PCE does, runs async collection jobs (202 + Location +
 * Retry-After, a job that is "running" once, then "done" with a datafile), checks HTTP Basic auth, and plays
 * scripted faults per path (429 with Retry-After, 500, a hang).
 */
final class FakePce implements AutoCloseable {
    private final HttpServer server;
    private final String authorization;
    private final Map<String, String> collections = new HashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final Map<String, String> jobs = new HashMap<>();
    private final Map<String, AtomicInteger> polls = new HashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    /** A scripted answer: status, headers, body, or a pause before answering (or, with stall, in the body). */
    record Fault(int status, Map<String, String> headers, String body, long delayMillis, boolean stall) {
        static Fault status(int status, Map<String, String> headers) {
            return new Fault(status, headers, "[{\"token\":\"fault\",\"message\":\"scripted\"}]", 0, false);
        }

        static Fault hang(long millis) {
            return new Fault(0, Map.of(), "", millis, false);
        }

        /** Headers at once, then the body stops half-way for that long. */
        static Fault stallBody(long millis) {
            return new Fault(200, Map.of(), "[{\"href\":\"/orgs/1/labels/1\"}]", millis, true);
        }
    }

    /** Async jobs end "failed" instead of "done". */
    boolean failJobs;

    FakePce(String key, String secret) throws IOException {
        this(key, secret, null);
    }

    FakePce(String key, String secret, SSLContext tls) throws IOException {
        this.authorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://localhost:" + server.getAddress().getPort());
    }

    /** Serves a JSON array at a path below /api/v2 (e.g. /orgs/1/labels). */
    FakePce serve(String path, String jsonArray) {
        collections.put(path, jsonArray);
        return this;
    }

    FakePce serveFile(String path, Path file) throws IOException {
        return serve(path, Files.readString(file));
    }

    FakePce fault(String path, Fault fault) {
        faults.computeIfAbsent(path, k -> new ArrayDeque<>()).add(fault);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath().replaceFirst("^/api/v2", "");
            requests.add(exchange.getRequestMethod() + " " + uri + " " + exchange.getRequestHeaders().getFirst("Prefer"));
            Deque<Fault> scripted = faults.get(path);
            Fault fault = scripted == null ? null : scripted.poll();
            if (fault != null && fault.stall()) {
                byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
                exchange.getResponseBody().flush();
                sleep(fault.delayMillis());
                return;
            }
            if (fault != null) {
                if (fault.delayMillis() > 0) {
                    sleep(fault.delayMillis());
                    if (fault.status() == 0) {
                        return;
                    }
                }
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                send(exchange, fault.status(), fault.body());
                return;
            }
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "[{\"token\":\"authentication_required\",\"message\":\"Authentication required\"}]");
                return;
            }
            if (path.startsWith("/orgs/1/jobs/")) {
                job(exchange, path);
            } else if (path.startsWith("/orgs/1/datafiles/")) {
                send(exchange, 200, jobs.get(path));
            } else if (collections.containsKey(path)) {
                collection(exchange, path, collections.get(path));
            } else {
                send(exchange, 404, "[{\"token\":\"not_found\",\"message\":\"Not Found\"}]");
            }
        }
    }

    private void collection(HttpExchange exchange, String path, String all) throws IOException {
        List<?> items = SnapshotWriter.MAPPER.readValue(all, List.class);
        if ("respond-async".equals(exchange.getRequestHeaders().getFirst("Prefer"))) {
            String id = UUID.randomUUID().toString();
            jobs.put("/orgs/1/datafiles/" + id, all);
            polls.put("/orgs/1/jobs/" + id, new AtomicInteger());
            exchange.getResponseHeaders().add("Location", "/orgs/1/jobs/" + id);
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 202, "");
            return;
        }
        exchange.getResponseHeaders().add("X-Total-Count", String.valueOf(items.size()));
        send(exchange, 200, SnapshotWriter.MAPPER.writeValueAsString(items.subList(0, Math.min(500, items.size()))));
    }

    /** Running on the first poll, done on the next. */
    private void job(HttpExchange exchange, String path) throws IOException {
        String id = path.substring(path.lastIndexOf('/') + 1);
        boolean done = polls.get(path).getAndIncrement() > 0;
        exchange.getResponseHeaders().add("Retry-After", "1");
        send(exchange, 200, "{\"href\":\"" + path + "\",\"job_type\":\":illumio/async_requests\",\"status\":\""
                + (done ? failJobs ? "failed" : "done" : "running") + "\",\"result\":" + (done ? "{\"href\":\"/orgs/1/datafiles/" + id
                + "\"}" : "{}") + "}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
