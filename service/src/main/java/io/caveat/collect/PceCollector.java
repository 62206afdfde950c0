package io.caveat.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads from the PCE what the rules need: the container cluster(s), their container hosts (workloads),
 * container workload profiles and service backends, the active (provisioned) policy - rule sets with their
 * rules, virtual services, label groups - and labels and pairing profiles. A collection the key may not read is
 * reported and skipped; bad credentials or an unreachable PCE stop the PCE part and say so.
 */
public final class PceCollector {
    private final PceClient client;
    private final PceSettings settings;
    private final CollectionReport report;

    public PceCollector(PceClient client, PceSettings settings, CollectionReport report) {
        this.client = client;
        this.settings = settings;
        this.report = report;
    }

    /** What one collection is: where it lives, the file it goes to, the fact kinds it provides. */
    private record Collection(String source, String path, String file, List<String> kinds) {
    }

    public void collect(SnapshotWriter out) {
        String org = settings.orgPath();
        List<Collection> pending = new ArrayList<>();
        try {
            List<String> clusters = containerClusters(out);
            if (clusters == null) {
                clusters = List.of();
            }
            String workloads = org + "/workloads?max_results=" + PceClient.SYNC_LIMIT;
            if (settings.containerCluster() != null) {
                workloads += "&container_clusters=" + URLEncoder.encode(
                        SnapshotWriter.MAPPER.writeValueAsString(clusters), StandardCharsets.UTF_8);
            }
            pending.add(new Collection("PCE workloads", workloads, "workloads.json", List.of("ContainerHost")));
            for (String cluster : clusters) {
                String id = cluster.substring(cluster.lastIndexOf('/') + 1);
                pending.add(new Collection("PCE container workload profiles",
                        cluster + "/container_workload_profiles?max_results=" + PceClient.SYNC_LIMIT,
                        "container_workload_profiles-" + id + ".json", List.of("ContainerWorkloadProfile")));
                pending.add(new Collection("PCE service backends", cluster + "/service_backends",
                        "service_backends-" + id + ".json", List.of("ServiceBackend")));
            }
            pending.add(new Collection("PCE active rule sets", org + "/sec_policy/active/rule_sets",
                    "rule_sets.json", List.of("SecurityRule", "RuleActor", "RuleSetScope")));
            pending.add(new Collection("PCE active virtual services", org + "/sec_policy/active/virtual_services"
                    + "?max_results=" + PceClient.SYNC_LIMIT, "virtual_services.json",
                    List.of("VirtualService", "VirtualServicePort")));
            pending.add(new Collection("PCE active label groups", org + "/sec_policy/active/label_groups",
                    "label_groups.json", List.of("LabelGroup")));
            pending.add(new Collection("PCE active IP lists", org + "/sec_policy/active/ip_lists"
                    + "?max_results=" + PceClient.SYNC_LIMIT, "ip_lists.json", List.of("IpList")));
            pending.add(new Collection("PCE labels", org + "/labels?max_results=" + PceClient.SYNC_LIMIT,
                    "labels.json", List.of("Label")));
            pending.add(new Collection("PCE pairing profiles", org + "/pairing_profiles", "pairing_profiles.json",
                    List.of("PairingProfile")));
            while (!pending.isEmpty()) {
                Collection c = pending.get(0);
                try {
                    client.collection(c.path(), c.source(), c.kinds(), out, c.file());
                } catch (PceException e) {
                    if (e.fatal()) {
                        throw e;
                    }
                    report.unreadable(c.source(), c.kinds(), e.getMessage());
                }
                pending.remove(0);
            }
        } catch (PceException e) {
            List<String> kinds = new ArrayList<>();
            pending.forEach(c -> kinds.addAll(c.kinds()));
            if (pending.isEmpty()) {
                kinds.addAll(List.of("ContainerCluster", "ContainerHost", "ContainerWorkloadProfile", "ServiceBackend",
                        "SecurityRule", "RuleActor", "RuleSetScope", "VirtualService", "VirtualServicePort",
                        "LabelGroup", "Label", "PairingProfile"));
            }
            report.unreadable("the PCE", kinds.stream().distinct().toList(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PCE data into the snapshot", e);
        }
    }

    /**
     * The container clusters, written to the snapshot; scoped to the one named in the settings when a name is
     * given, so that a snapshot holds one cluster. Null when the key may not read them.
     */
    private List<String> containerClusters(SnapshotWriter out) throws IOException {
        String file = "container_clusters.json";
        try {
            client.collection(settings.orgPath() + "/container_clusters", "PCE container clusters",
                    List.of("ContainerCluster"), out, file);
        } catch (PceException e) {
            if (e.fatal() || settings.containerCluster() != null) {
                throw e;
            }
            report.unreadable("PCE container clusters", List.of("ContainerCluster", "ContainerWorkloadProfile",
                    "ServiceBackend"), e.getMessage());
            return null;
        }
        Path path = out.root().resolve("pce").resolve(file);
        JsonNode all = SnapshotWriter.MAPPER.readTree(path.toFile());
        ArrayNode kept = SnapshotWriter.MAPPER.createArrayNode();
        List<String> hrefs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode cluster : all) {
            names.add(cluster.path("name").asText());
            if (settings.containerCluster() == null || settings.containerCluster().equals(cluster.path("name").asText())) {
                kept.add(cluster);
                hrefs.add(cluster.path("href").asText());
            }
        }
        if (settings.containerCluster() != null) {
            if (hrefs.isEmpty()) {
                Files.delete(path);
                throw new PceException("no container cluster named '" + settings.containerCluster() + "' on the PCE"
                        + " (it has " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")", true);
            }
            out.pce(file, kept);
        } else if (hrefs.size() > 1) {
            report.warn(hrefs.size() + " container clusters on the PCE: name the one of this cluster (pce."
                    + "containerCluster in caveat.yaml, or --pce-cluster) so that the snapshot holds only its data");
        }
        return hrefs;
    }
}
