package io.caveat.collect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caveat.load.SnapshotManifest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Collects a snapshot from the live cluster and PCE into a directory, in exactly the offline format, with a
 * manifest of when, from where, and what could not be read. `evaluate --live` evaluates that directory, so live
 * and offline evaluations of the same data cannot differ.
 */
public final class LiveCollection {
    private static final List<String> CLUSTER_KINDS = List.of("Node", "Namespace", "Pod", "PodOwner", "Service",
            "ServicePort", "Workload", "IllumioConfig", "Cluster");

    private LiveCollection() {
    }

    public static CollectionReport collect(CollectSettings settings, Path directory, Map<String, String> env,
                                           CollectionReport report) {
        if (!settings.kubernetes() && settings.pce() == null) {
            throw new IllegalArgumentException("nothing to collect: the cluster is off (--no-kubernetes) and no PCE is "
                    + "configured (--pce-url or pce.url)");
        }
        // Everything that can be wrong in the settings is found before anything is read.
        Config config = settings.kubernetes() ? KubeConfigs.of(settings) : null;
        PceClient pce = settings.pce() == null ? null : new PceClient(settings.pce(),
                PceCredentials.load(settings.credentialsFile(), env, report), report);
        SnapshotWriter out = new SnapshotWriter(directory);
        ObjectNode manifest = SnapshotWriter.MAPPER.createObjectNode();
        ObjectNode body = manifest.putObject(SnapshotManifest.FIELD);
        body.put("createdAt", Instant.now().toString());
        body.put("caveatVersion", String.valueOf(LiveCollection.class.getPackage().getImplementationVersion()));
        if (config != null) {
            body.putObject("kubernetes").put("context", config.getCurrentContext() == null ? null
                    : config.getCurrentContext().getName()).put("server", config.getMasterUrl())
                    .put("illumioNamespace", settings.illumioNamespace());
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                String unreachable = unreachable(client);
                if (unreachable != null) {
                    report.unreadable("the cluster", CLUSTER_KINDS, unreachable);
                } else {
                    new KubernetesCollector(client, settings.illumioNamespace(), settings.pageSize(), report)
                            .collect(out);
                }
            }
        }
        if (pce != null) {
            body.putObject("pce").put("url", settings.pce().url().toString()).put("org", settings.pce().org())
                    .put("containerCluster", settings.pce().containerCluster());
            new PceCollector(pce, settings.pce(), report).collect(out);
        }
        ObjectNode counts = body.putObject("objects");
        report.objects().forEach(counts::put);
        report.read().forEach(body.putArray("read")::add);
        ArrayNode unreadable = body.putArray("unreadable");
        for (CollectionReport.Unreadable u : report.unreadable()) {
            ObjectNode entry = unreadable.addObject().put("source", u.source()).put("reason", u.reason());
            u.kinds().forEach(entry.putArray("kinds")::add);
        }
        body.put("retries", report.retries());
        try {
            out.manifest(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot manifest", e);
        }
        return report;
    }

    /**
     * Asks the API server its version once, without retries: an unreachable server is reported at once rather
     * than after every kind's retries. Any HTTP answer, even a refusal, means it is there.
     */
    private static String unreachable(KubernetesClient client) {
        try {
            client.getKubernetesVersion();
            return null;
        } catch (KubernetesClientException e) {
            if (e.getCode() > 0) {
                return null;
            }
            return "cannot reach the API server at " + client.getConfiguration().getMasterUrl() + ": "
                    + Causes.root(e);
        }
    }
}
