package io.caveat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.collect.CollectSettings;
import io.caveat.collect.KubernetesCollector;
import io.caveat.collect.PceSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where live data comes from: options on the command line, over caveat.yaml (--config), over defaults. PCE
 * credentials are never options: they come from the environment or a credentials file.
 */
final class CollectOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "caveat.yaml with connection settings")
    Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig (default: as kubectl finds it)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = "--illumio-namespace", paramLabel = "NS",
            description = "namespace of the C-VEN and Kubelink (default: illumio-system)")
    String illumioNamespace;

    @Option(names = "--no-kubernetes", description = "do not read the cluster (PCE only)")
    boolean noKubernetes;

    @Option(names = "--page-size", paramLabel = "N", description = "objects per list page (default: 500)")
    Integer pageSize;

    @Option(names = "--pce-url", paramLabel = "URL", description = "e.g. https://pce.example.com:8443")
    URI pceUrl;

    @Option(names = "--pce-org", paramLabel = "ID", description = "PCE organisation id (default: 1)")
    String pceOrg;

    @Option(names = "--pce-cluster", paramLabel = "NAME", description = "PCE container cluster of this cluster")
    String pceCluster;

    @Option(names = "--pce-credentials", paramLabel = "FILE",
            description = "file with 'key: api_...' and 'secret: ...' (default: $CAVEAT_PCE_API_KEY and "
                    + "$CAVEAT_PCE_API_SECRET)")
    Path pceCredentials;

    @Option(names = "--ca-bundle", paramLabel = "FILE", description = "PEM CA bundle for a PCE with a private CA")
    Path caBundle;

    @Option(names = "--insecure", description = "do not verify the PCE's TLS certificate (warned on every run)")
    boolean insecure;

    /**
     * Collects into a temporary snapshot, loads it, and removes it (also when the run is interrupted: it holds
     * cluster data): live and offline evaluations read the same files.
     */
    io.caveat.load.Snapshot collectLive(java.io.PrintWriter progress) {
        Path directory;
        try {
            directory = java.nio.file.Files.createTempDirectory("caveat-live-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread cleanup = new Thread(() -> io.caveat.collect.Directories.delete(directory));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            io.caveat.collect.LiveCollection.collect(settings(), directory, System.getenv(),
                    new io.caveat.collect.CollectionReport(progress));
            return io.caveat.load.SnapshotLoader.load(directory, "live collection");
        } finally {
            io.caveat.collect.Directories.delete(directory);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Whether any live source was given (caveat serve only collects live when told where from). */
    boolean given() {
        return config != null || kubeconfig != null || context != null || pceUrl != null;
    }

    CollectSettings settings() {
        if (pageSize != null && pageSize < 1) {
            throw new IllegalArgumentException("--page-size must be at least 1");
        }
        JsonNode file = readConfig();
        JsonNode k8s = file.path("kubernetes");
        JsonNode pce = file.path("pce");
        URI url = pceUrl != null ? pceUrl : pce.hasNonNull("url") ? URI.create(pce.get("url").asText()) : null;
        PceSettings pceSettings = url == null ? null : new PceSettings(url,
                first(pceOrg, text(pce, "org"), "1"), first(pceCluster, text(pce, "containerCluster"), null),
                path(caBundle, pce, "caBundle"), insecure || pce.path("insecure").asBoolean(false),
                seconds(pce, "requestTimeoutSeconds", PceSettings.DEFAULT_TIMEOUT),
                seconds(pce, "budgetSeconds", PceSettings.DEFAULT_BUDGET));
        return new CollectSettings(!noKubernetes && k8s.path("enabled").asBoolean(true),
                path(kubeconfig, k8s, "kubeconfig"), first(context, text(k8s, "context"), null),
                first(illumioNamespace, text(k8s, "illumioNamespace"), CollectSettings.DEFAULT_ILLUMIO_NAMESPACE),
                pageSize != null ? pageSize : k8s.path("pageSize").asInt(KubernetesCollector.PAGE_SIZE),
                pceSettings, path(pceCredentials, pce, "credentialsFile"));
    }

    /** A section of caveat.yaml other than the sources (report...), empty when absent. */
    JsonNode section(String name) {
        return readConfig().path(name);
    }

    /** A path of caveat.yaml, relative to the file. */
    Path configuredPath(JsonNode node, String field) {
        return path(null, node, field);
    }

    private JsonNode readConfig() {
        if (config == null) {
            return YAMLMapper.builder().build().createObjectNode();
        }
        try {
            JsonNode node = new YAMLMapper().readTree(config.toFile());
            return node == null ? new YAMLMapper().createObjectNode() : node;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String first(String option, String configured, String fallback) {
        return option != null ? option : configured != null ? configured : fallback;
    }

    private Path path(Path option, JsonNode node, String field) {
        if (option != null) {
            return option;
        }
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        Path configured = Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
        // Relative paths in caveat.yaml are relative to the file, not to where caveat runs.
        return configured.isAbsolute() || config == null ? configured
                : config.toAbsolutePath().getParent().resolve(configured);
    }

    private static Duration seconds(JsonNode node, String field, Duration fallback) {
        return node.hasNonNull(field) ? Duration.ofSeconds(node.get(field).asLong()) : fallback;
    }
}
