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
    private LiveCollection() {
    }

    public static CollectionReport collect(CollectSettings settings, Path directory, Map<String, String> env,
                                           CollectionReport report) {
        SnapshotWriter out = new SnapshotWriter(directory);
        ObjectNode manifest = SnapshotWriter.MAPPER.createObjectNode();
        ObjectNode body = manifest.putObject(SnapshotManifest.FIELD);
        body.put("createdAt", Instant.now().toString());
        body.put("caveatVersion", String.valueOf(LiveCollection.class.getPackage().getImplementationVersion()));
        if (settings.kubernetes()) {
            Config config = kubeconfig(settings);
            body.putObject("kubernetes").put("context", config.getCurrentContext() == null ? null
                    : config.getCurrentContext().getName()).put("server", config.getMasterUrl())
                    .put("illumioNamespace", settings.illumioNamespace());
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                new KubernetesCollector(client, settings.illumioNamespace(), settings.pageSize(), report).collect(out);
            } catch (KubernetesClientException e) {
                report.unreadable("the cluster", List.of("Node", "Namespace", "Pod", "PodOwner", "Service",
                        "ServicePort", "Workload", "IllumioConfig"), e.getMessage());
            }
        }
        if (settings.pce() != null) {
            body.putObject("pce").put("url", settings.pce().url().toString()).put("org", settings.pce().org())
                    .put("containerCluster", settings.pce().containerCluster());
            PceCredentials credentials = PceCredentials.load(settings.credentialsFile(), env, report);
            PceClient client = new PceClient(settings.pce(), credentials, report);
            new PceCollector(client, settings.pce(), report).collect(out);
        }
        ObjectNode counts = body.putObject("objects");
        report.objects().forEach(counts::put);
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

    /** Like kubectl: an explicit kubeconfig file, else KUBECONFIG / ~/.kube/config / the in-cluster account. */
    private static Config kubeconfig(CollectSettings settings) {
        if (settings.kubeconfig() != null) {
            try {
                return Config.fromKubeconfig(settings.context(), Files.readString(settings.kubeconfig()),
                        settings.kubeconfig().toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read kubeconfig " + settings.kubeconfig() + ": "
                        + e.getMessage());
            }
        }
        return Config.autoConfigure(settings.context());
    }
}
