package io.caveat.load;

import io.caveat.model.ContainerCluster;
import io.caveat.model.ContainerHost;
import io.caveat.model.Node;
import io.caveat.model.Workload;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gives the container cluster of this snapshot the version of the Kubelink image it runs when the PCE reports none
 * (older PCEs, a Kubelink that never connected): so that rules bounded by Kubelink versions can still judge it.
 * The cluster is the one whose container hosts are nodes of this snapshot, or the only one; the version is the tag of
 * Kubelink's image (illumio/kubelink), and only when every workload running it agrees on one. The loader does this,
 * not the vocabulary, because rules compare versions through ContainerCluster's helpers.
 */
final class KubelinkImageVersion {
    private static final String IMAGE = "illumio/kubelink:";

    private KubelinkImageVersion() {
    }

    static void fill(List<Object> facts) {
        List<ContainerCluster> clusters = facts.stream().filter(ContainerCluster.class::isInstance)
                .map(ContainerCluster.class::cast).toList();
        Set<String> nodes = new TreeSet<>();
        facts.stream().filter(Node.class::isInstance).forEach(n -> nodes.add(((Node) n).name()));
        Set<String> onNodes = new TreeSet<>();
        Set<String> images = new TreeSet<>();
        for (Object fact : facts) {
            // A host's node is its hostname when no node matched it: only hosts that are nodes here count.
            if (fact instanceof ContainerHost host && nodes.contains(host.node()) && host.clusterHref() != null) {
                onNodes.add(host.clusterHref());
            } else if (fact instanceof Workload w) {
                w.images().stream().filter(i -> i.contains(IMAGE) && !i.contains("@")).forEach(images::add);
            }
        }
        List<ContainerCluster> judged = onNodes.isEmpty() ? clusters
                : clusters.stream().filter(c -> onNodes.contains(c.href())).toList();
        if (judged.size() != 1 || judged.get(0).kubelinkVersionKnown() || images.size() != 1) {
            return;
        }
        String image = images.iterator().next();
        ContainerCluster cluster = judged.get(0);
        ContainerCluster filled = cluster.withKubelinkVersion(image.substring(image.lastIndexOf(':') + 1),
                "image " + image);
        if (filled.kubelinkVersionKnown()) {
            facts.set(facts.indexOf(cluster), filled);
        }
    }
}
