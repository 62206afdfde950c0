package io.caveat.generate;

/**
 * The layout of a synthetic cluster, computed from indexes so that the Kubernetes side and the PCE side agree
 * (a Service and its virtual service, a node and its container host) without holding any object in memory.
 * The proportions are those of real clusters: a few percent of pods on the host network (daemon sets and an
 * occasional ingress router), one Service in twenty a NodePort and one in fifty a LoadBalancer, one in
 * thirty-three mixing TCP and UDP, about one container host in forty not in full enforcement.
 */
final class ClusterPlan {
    static final String CLUSTER = "/orgs/1/container_clusters/0c0ffee0-0000-4000-8000-000000000001";
    static final String ILLUMIO_NAMESPACE = "illumio-system";

    final GeneratorSize size;

    ClusterPlan(GeneratorSize size) {
        this.size = size;
    }

    String node(int i) {
        return i < 3 ? String.format("master-%d", i) : String.format("worker-%05d", i);
    }

    String namespace(int i) {
        return String.format("team-%04d", i);
    }

    int applicationNamespace(int app) {
        return app % size.namespaces();
    }

    String application(int app) {
        return String.format("app-%05d", app);
    }

    boolean statefulSet(int app) {
        return app % 20 == 19;
    }

    /** An ingress router on the host network now and then, as real clusters run. */
    boolean hostNetworkApplication(int app) {
        return app % 500 == 250;
    }

    int replicas(int app) {
        int apps = size.applications();
        return size.applicationPods() / apps + (app < size.applicationPods() % apps ? 1 : 0);
    }

    /** The Illumio role an application's pods ask for: in each namespace its second application is a client. */
    String role(int app) {
        int rank = app / size.namespaces() % 4;
        return rank == 1 ? "Client" : rank == 3 ? "DB" : "Web";
    }

    /**
     * A Service of namespace ns, the k-th (wrapping): Services go to applications round-robin and applications to
     * namespaces round-robin, so Service ns + k * namespaces is in namespace ns while it exists; -1 when there
     * are no Services.
     */
    int serviceOf(int ns, int k) {
        if (size.services() == 0) {
            return -1;
        }
        int perNamespace = Math.min(size.services(), size.applications()) / size.namespaces();
        return perNamespace == 0 ? (ns + k) % size.services() : ns + (k % perNamespace) * size.namespaces();
    }

    String service(int s) {
        return String.format("svc-%05d", s);
    }

    /** The application a Service selects. */
    int serviceApplication(int s) {
        return s % size.applications();
    }

    String serviceType(int s) {
        return s % 20 == 5 ? "NodePort" : s % 50 == 7 ? "LoadBalancer" : "ClusterIP";
    }

    boolean mixedProtocol(int s) {
        return s % 33 == 2;
    }

    /** PCE enforcement mode of the container host on node i. */
    String hostEnforcement(int i) {
        if (i < 3) {
            return "full";
        }
        return i % 250 == 13 ? "idle" : i % 100 == 7 ? "visibility_only" : i % 500 == 17 ? "selective" : "full";
    }

    /** A host in full enforcement whose policy is still being applied, now and then. */
    String hostSyncState(int i) {
        return "full".equals(hostEnforcement(i)) && i % 400 == 3 ? "syncing" : "active";
    }

    String hostHref(int i) {
        return String.format("/orgs/1/workloads/0c0ffee1-%04x-4000-8000-%012x", i % 0x10000, (long) i);
    }

    String virtualServiceHref(int s) {
        return String.format("/orgs/1/sec_policy/active/virtual_services/0c0ffee2-%04x-4000-8000-%012x",
                s % 0x10000, (long) s);
    }

    String virtualServiceName(int s) {
        return service(s) + "-" + namespace(applicationNamespace(serviceApplication(s)));
    }

    /** A stable pseudo-random number from the seed and an index: same snapshot for the same seed. */
    long mix(long index) {
        long z = size.seed() * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A Kubernetes-style random suffix ("x2k9q"). */
    String suffix(long index, int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        long value = mix(index) & Long.MAX_VALUE;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt((int) (value % alphabet.length())));
            value /= alphabet.length();
        }
        return out.toString();
    }

    String uid(long index) {
        long a = mix(index);
        long b = mix(index + 0x5555);
        return String.format("%08x-%04x-4%03x-8%03x-%012x", a >>> 32, (a >>> 16) & 0xffff, a & 0xfff,
                (b >>> 48) & 0xfff, b & 0xffffffffffffL);
    }

    String nodeIp(int i) {
        return "10.0." + (i / 250) + "." + (i % 250 + 2);
    }

    String podIp(long pod) {
        return "10." + (128 + (int) (pod >> 16 & 0x3f)) + "." + (int) (pod >> 8 & 0xff) + "." + (int) (pod & 0xff);
    }
}
