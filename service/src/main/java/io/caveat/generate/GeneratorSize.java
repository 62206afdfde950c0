package io.caveat.generate;

import java.util.Locale;
import java.util.Map;

/**
 * How big a synthetic snapshot is. The presets follow Kubernetes' documented limits (5,000 nodes, 150,000 pods)
 * for "max", a mid-size production cluster for "medium" and a team cluster for "small"; the PCE side scales with
 * them (one container host per node, one virtual service per Service, rule sets and rules per namespace).
 *
 * @param openshiftOvn write an OpenShift cluster with OVN-Kubernetes (network config, gateway-router annotations)
 */
public record GeneratorSize(int nodes, int pods, int services, int namespaces, int ruleSets, int rulesPerSet,
                            boolean openshiftOvn, long seed) {
    public static final Map<String, GeneratorSize> PRESETS = Map.of(
            "small", new GeneratorSize(10, 300, 40, 10, 20, 10, false, 1),
            "medium", new GeneratorSize(700, 20_000, 1_500, 150, 300, 10, false, 1),
            "max", new GeneratorSize(5_000, 150_000, 10_000, 1_000, 2_000, 10, false, 1));

    /** Daemon sets on every node: the C-VEN and node-exporter on the host network, a DNS cache off it. */
    static final int DAEMON_SETS = 3;

    /** Ten times Kubernetes' documented limits: beyond, a typo (an extra zero or three) rather than a cluster. */
    static final int MAX_NODES = 50_000;
    static final int MAX_PODS = 1_500_000;

    public GeneratorSize {
        if (nodes < 3 || namespaces < 1 || services < 0 || ruleSets < 0 || rulesPerSet < 1) {
            throw new IllegalArgumentException("need at least 3 nodes and 1 namespace; counts cannot be negative");
        }
        if (nodes > MAX_NODES || pods > MAX_PODS || services > MAX_PODS || namespaces > MAX_NODES
                || (long) ruleSets * rulesPerSet > MAX_PODS) {
            throw new IllegalArgumentException("at most " + MAX_NODES + " nodes and namespaces, " + MAX_PODS
                    + " pods, services and rules (ten times Kubernetes' limits)");
        }
        if (pods < nodes * DAEMON_SETS + 1) {
            throw new IllegalArgumentException("--pods must be at least " + (nodes * DAEMON_SETS + 1) + " for "
                    + nodes + " nodes: every node runs " + DAEMON_SETS + " daemon set pods, plus Kubelink");
        }
    }

    public static GeneratorSize preset(String name) {
        GeneratorSize size = PRESETS.get(name.toLowerCase(Locale.ROOT));
        if (size == null) {
            throw new IllegalArgumentException("no preset " + name + " (small, medium, max)");
        }
        return size;
    }

    /** Pods of Deployments and StatefulSets: all but the daemon sets' and Kubelink's. */
    int applicationPods() {
        return pods - nodes * DAEMON_SETS - 1;
    }

    /** One application per Service at least, about eight replicas each (fewer when pods are scarce). */
    int applications() {
        return Math.max(1, Math.min(applicationPods(), Math.max(services, (applicationPods() + 7) / 8)));
    }
}
