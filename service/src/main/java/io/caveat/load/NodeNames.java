package io.caveat.load;

import io.caveat.model.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the Kubernetes node a PCE host workload is. The C-VEN reports the host's hostname, which may be the
 * node name or only its first label (ip-10-0-1-2 for node ip-10-0-1-2.ec2.internal), or the other way round.
 */
final class NodeNames {
    private final Set<String> names;
    private final Map<String, String> byShortName = new HashMap<>();

    NodeNames(List<Object> facts) {
        names = facts.stream().filter(Node.class::isInstance).map(f -> ((Node) f).name()).collect(Collectors.toSet());
        Map<String, Long> shortCounts = names.stream().collect(Collectors.groupingBy(NodeNames::shortName,
                Collectors.counting()));
        names.forEach(n -> {
            if (shortCounts.get(shortName(n)) == 1) {
                byShortName.put(shortName(n), n);
            }
        });
    }

    /** The node's name, or the hostname itself when no node matches (or nodes were not exported). */
    String of(String hostname) {
        if (hostname == null || names.contains(hostname)) {
            return hostname;
        }
        return byShortName.getOrDefault(shortName(hostname), hostname);
    }

    /**
     * The node a host of the whole organisation is, stricter than {@link #of}: its exact name, or its short name
     * when the node is named by a short name (worker-3 for worker-3.example.com). Two FQDNs sharing a first label
     * (ip-10-0-1-2 in two AWS regions) are not the same host. Null when it is no node.
     */
    String exactly(String hostname) {
        if (hostname == null) {
            return null;
        }
        if (names.contains(hostname)) {
            return hostname;
        }
        String shortName = shortName(hostname);
        return names.contains(shortName) ? shortName : null;
    }

    private static String shortName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
