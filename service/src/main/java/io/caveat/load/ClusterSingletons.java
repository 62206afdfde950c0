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
 * operator.openshift.io. Seen with several identities (uids, or contents where the export has no uid), the
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
        seen.computeIfAbsent(what, k -> new TreeMap<>()).computeIfAbsent(identity, k -> new TreeSet<>()).add(file);
    }

    /** How many clusters the snapshot holds at least: the most identities any one singleton has. */
    int clusters() {
        return seen.values().stream().mapToInt(Map::size).max().orElse(1);
    }

    /** Each singleton seen more than once, with its identities and files. */
    List<String> conflicts() {
        List<String> out = new ArrayList<>();
        seen.forEach((what, identities) -> {
            if (identities.size() > 1) {
                List<String> each = new ArrayList<>();
                identities.forEach((identity, files) -> each.add(identity + " in " + String.join(", ", files)));
                out.add(what + " " + identities.size() + " times (" + String.join("; ", each) + ")");
            }
        });
        return out;
    }
}
