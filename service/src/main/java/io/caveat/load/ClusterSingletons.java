package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Objects a cluster has exactly one of: OpenShift's Network "cluster" of config.openshift.io and of
 * operator.openshift.io, and each cluster-scoped object by its name (a node, a namespace: every cluster has its own
 * kube-system, with its own uid). Seen with several identities (uids, or contents where the export has no uid), the
 * snapshot mixes clusters (several must-gathers in one folder), and one Cluster fact built from them would judge
 * an OpenShift SDN cluster by another's OVN settings.
 */
final class ClusterSingletons {
    /** What it is -> identity -> the files holding it. */
    private final Map<String, Map<String, Set<String>>> seen = new TreeMap<>();

    void network(Shape shape, JsonNode object, String file) {
        String what = (shape == Shape.NETWORK_CONFIG ? "networks.config.openshift.io" : "networks.operator.openshift.io")
                + " '" + Json.text(object, "metadata", "name") + "'";
        String uid = Json.text(object, "metadata", "uid");
        String identity = uid != null ? "uid " + uid : "content " + Integer.toHexString(object.path("spec").hashCode());
        seen(what, identity, file);
    }

    /** One sighting of a singleton, by what it is ("namespace 'kube-system'") and its identity. */
    void seen(String what, String identity, String file) {
        seen.computeIfAbsent(what, k -> new TreeMap<>()).computeIfAbsent(identity, k -> new TreeSet<>()).add(file);
    }

    /** How many clusters the snapshot holds at least: the most identities any one singleton has. */
    int clusters() {
        return seen.values().stream().mapToInt(Map::size).max().orElse(1);
    }

    /**
     * Each singleton seen with several identities, with its identities and files: the first few of them, the
     * network singletons and kube-system first (two clusters share every node name of a copied node list).
     */
    List<String> conflicts() {
        List<String> out = new ArrayList<>();
        List<String> whats = new ArrayList<>(seen.keySet());
        whats.sort(java.util.Comparator.comparing((String w) -> !w.startsWith("networks.")
                && !w.equals("namespace 'kube-system'")));
        int conflicting = 0;
        for (String what : whats) {
            Map<String, Set<String>> identities = seen.get(what);
            if (identities.size() > 1 && conflicting++ < SHOWN) {
                List<String> each = new ArrayList<>();
                identities.forEach((identity, files) -> each.add(identity + " in " + String.join(", ", files)));
                out.add(what + " " + identities.size() + " times (" + String.join("; ", each) + ")");
            }
        }
        if (conflicting > SHOWN) {
            out.add("and " + (conflicting - SHOWN) + " more objects seen with several identities");
        }
        return out;
    }

    private static final int SHOWN = 3;
}
