package io.caveat.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the cluster side as `kubectl get -o json` writes it: List documents of full objects (a pod carries its
 * containers, probes, resources, volumes, tolerations and status, a few KB as in real clusters), streamed one
 * object at a time.
 */
final class KubernetesWriter {
    private static final String CREATED = "2026-10-02T08:00:00Z";
    private static final String STARTED = "2026-11-20T06:12:31Z";

    private final ClusterPlan plan;
    private final GeneratorSize size;

    KubernetesWriter(ClusterPlan plan) {
        this.plan = plan;
        this.size = plan.size;
    }

    void write(Path cluster) throws IOException {
        try (JsonGenerator g = JsonFiles.list(cluster.resolve("nodes.json"))) {
            for (int i = 0; i < size.nodes(); i++) {
                node(g, i);
            }
        }
        try (JsonGenerator g = JsonFiles.list(cluster.resolve("namespaces.json"))) {
            for (String system : new String[] {ClusterPlan.ILLUMIO_NAMESPACE, "monitoring", "kube-system"}) {
                namespace(g, system);
            }
            for (int i = 0; i < size.namespaces(); i++) {
                namespace(g, plan.namespace(i));
            }
        }
        try (JsonGenerator g = JsonFiles.list(cluster.resolve("workloads.json"))) {
            daemonSet(g, "illumio-ven", ClusterPlan.ILLUMIO_NAMESPACE, true, "quay.io/illumio/cven:23.4.11-8-cven23411");
            daemonSet(g, "node-exporter", "monitoring", true, "quay.io/prometheus/node-exporter:v1.8.2");
            daemonSet(g, "node-local-dns", "kube-system", false, "registry.k8s.io/dns/k8s-dns-node-cache:1.23.1");
            controller(g, "Deployment", "illumio-kubelink", ClusterPlan.ILLUMIO_NAMESPACE, 1, false,
                    "quay.io/illumio/kubelink:5.3.1-2");
            for (int app = 0; app < size.applications(); app++) {
                controller(g, plan.statefulSet(app) ? "StatefulSet" : "Deployment", plan.application(app),
                        plan.namespace(plan.applicationNamespace(app)), plan.replicas(app),
                        plan.hostNetworkApplication(app), image(app));
            }
        }
        try (JsonGenerator g = JsonFiles.list(cluster.resolve("services.json"))) {
            for (int s = 0; s < size.services(); s++) {
                service(g, s);
            }
        }
        try (JsonGenerator g = JsonFiles.list(cluster.resolve("pods.json"))) {
            long pod = 0;
            String[][] daemons = {{"illumio-ven", ClusterPlan.ILLUMIO_NAMESPACE, "true"},
                {"node-exporter", "monitoring", "true"}, {"node-local-dns", "kube-system", "false"}};
            for (String[] ds : daemons) {
                for (int n = 0; n < size.nodes(); n++) {
                    pod(g, pod++, ds[0] + "-" + plan.suffix(pod, 5), ds[1], "DaemonSet", ds[0], n,
                            Boolean.parseBoolean(ds[2]), "Node");
                }
            }
            pod(g, pod++, "illumio-kubelink-7c9f6d8b5-" + plan.suffix(pod, 5), ClusterPlan.ILLUMIO_NAMESPACE,
                    "ReplicaSet", "illumio-kubelink-7c9f6d8b5", 3, false, "Node");
            for (int app = 0; app < size.applications(); app++) {
                String name = plan.application(app);
                String hash = plan.statefulSet(app) ? null : "5" + plan.suffix(app * 7L + 3, 9);
                for (int r = 0; r < plan.replicas(app); r++) {
                    String podName = hash == null ? name + "-" + r : name + "-" + hash + "-" + plan.suffix(pod, 5);
                    pod(g, pod, podName, plan.namespace(plan.applicationNamespace(app)),
                            hash == null ? "StatefulSet" : "ReplicaSet", hash == null ? name : name + "-" + hash,
                            (int) (3 + pod % Math.max(1, size.nodes() - 3)), plan.hostNetworkApplication(app),
                            plan.role(app));
                    pod++;
                }
            }
        }
        if (size.openshiftOvn()) {
            try (JsonGenerator g = JsonFiles.list(cluster.resolve("networks.json"))) {
                network(g);
            }
        }
    }

    private String image(int app) {
        return "registry.example.com/team-" + plan.applicationNamespace(app) + "/" + plan.application(app) + ":1."
                + (app % 17);
    }

    private void node(JsonGenerator g, int i) throws IOException {
        g.writeStartObject();
        g.writeStringField("apiVersion", "v1");
        g.writeStringField("kind", "Node");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", plan.node(i));
        g.writeStringField("uid", plan.uid(1_000_000L + i));
        g.writeStringField("resourceVersion", Long.toString(400_000 + i));
        g.writeStringField("creationTimestamp", CREATED);
        g.writeObjectFieldStart("labels");
        g.writeStringField("kubernetes.io/hostname", plan.node(i));
        g.writeStringField("kubernetes.io/os", "linux");
        g.writeStringField("kubernetes.io/arch", "amd64");
        g.writeStringField("topology.kubernetes.io/zone", "zone-" + (char) ('a' + i % 3));
        g.writeStringField(i < 3 ? "node-role.kubernetes.io/control-plane" : "node-role.kubernetes.io/worker", "");
        g.writeEndObject();
        g.writeObjectFieldStart("annotations");
        g.writeStringField("node.alpha.kubernetes.io/ttl", "0");
        g.writeStringField("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        if (size.openshiftOvn()) {
            g.writeStringField("k8s.ovn.org/node-gateway-router-lrp-ifaddr",
                    "{\"ipv4\":\"100.64." + (i / 250) + "." + (i % 250 + 2) + "/16\"}");
            g.writeStringField("k8s.ovn.org/node-primary-ifaddr", "{\"ipv4\":\"" + plan.nodeIp(i) + "/16\"}");
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("spec");
        g.writeStringField("podCIDR", "10." + (128 + i / 256) + "." + (i % 256) + ".0/24");
        g.writeStringField("providerID", "aws:///eu-west-1" + (char) ('a' + i % 3) + "/i-" + plan.suffix(i, 12));
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeArrayFieldStart("addresses");
        address(g, "InternalIP", plan.nodeIp(i));
        address(g, "Hostname", plan.node(i));
        g.writeEndArray();
        g.writeObjectFieldStart("capacity");
        g.writeStringField("cpu", "16");
        g.writeStringField("memory", "65023892Ki");
        g.writeStringField("pods", "250");
        g.writeEndObject();
        g.writeArrayFieldStart("conditions");
        condition(g, "Ready", "True");
        condition(g, "MemoryPressure", "False");
        condition(g, "DiskPressure", "False");
        g.writeEndArray();
        g.writeObjectFieldStart("nodeInfo");
        g.writeStringField("machineID", Long.toHexString(plan.mix(2_000_000L + i)) + Long.toHexString(plan.mix(i)));
        g.writeStringField("kubeletVersion", "v1.30.4");
        g.writeStringField("osImage", "Ubuntu 22.04.4 LTS");
        g.writeStringField("containerRuntimeVersion", "containerd://1.7.20");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void namespace(JsonGenerator g, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("apiVersion", "v1");
        g.writeStringField("kind", "Namespace");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", name);
        g.writeStringField("uid", plan.uid(name.hashCode()));
        g.writeStringField("creationTimestamp", CREATED);
        g.writeObjectFieldStart("labels");
        g.writeStringField("kubernetes.io/metadata.name", name);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeStringField("phase", "Active");
        g.writeEndObject();
        g.writeEndObject();
    }

    private void daemonSet(JsonGenerator g, String name, String namespace, boolean hostNetwork, String image)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("apiVersion", "apps/v1");
        g.writeStringField("kind", "DaemonSet");
        objectMeta(g, name, namespace);
        g.writeObjectFieldStart("spec");
        selector(g, name);
        template(g, name, hostNetwork, image, name.equals("illumio-ven"));
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeNumberField("desiredNumberScheduled", size.nodes());
        g.writeNumberField("numberReady", size.nodes());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void controller(JsonGenerator g, String kind, String name, String namespace, int replicas,
                            boolean hostNetwork, String image) throws IOException {
        g.writeStartObject();
        g.writeStringField("apiVersion", "apps/v1");
        g.writeStringField("kind", kind);
        objectMeta(g, name, namespace);
        g.writeObjectFieldStart("spec");
        g.writeNumberField("replicas", replicas);
        selector(g, name);
        template(g, name, hostNetwork, image, false);
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeNumberField("replicas", replicas);
        g.writeNumberField("readyReplicas", replicas);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void objectMeta(JsonGenerator g, String name, String namespace) throws IOException {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", name);
        g.writeStringField("namespace", namespace);
        g.writeStringField("uid", plan.uid((namespace + "/" + name).hashCode()));
        g.writeStringField("creationTimestamp", CREATED);
        g.writeObjectFieldStart("labels");
        g.writeStringField("app.kubernetes.io/name", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void selector(JsonGenerator g, String name) throws IOException {
        g.writeObjectFieldStart("selector");
        g.writeObjectFieldStart("matchLabels");
        g.writeStringField("app", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    private void template(JsonGenerator g, String name, boolean hostNetwork, String image, boolean cven)
            throws IOException {
        g.writeObjectFieldStart("template");
        g.writeObjectFieldStart("metadata");
        g.writeObjectFieldStart("labels");
        g.writeStringField("app", name);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("spec");
        if (hostNetwork) {
            g.writeBooleanField("hostNetwork", true);
        }
        g.writeArrayFieldStart("containers");
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("image", image);
        if (cven) {
            g.writeArrayFieldStart("env");
            env(g, "ILO_CONTAINER_RUNTIME", "containerd");
            env(g, "ILO_FW_BACKEND", "auto");
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void service(JsonGenerator g, int s) throws IOException {
        int app = plan.serviceApplication(s);
        String type = plan.serviceType(s);
        g.writeStartObject();
        g.writeStringField("apiVersion", "v1");
        g.writeStringField("kind", "Service");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", plan.service(s));
        g.writeStringField("namespace", plan.namespace(plan.applicationNamespace(app)));
        g.writeStringField("uid", plan.uid(3_000_000L + s));
        g.writeStringField("creationTimestamp", CREATED);
        g.writeObjectFieldStart("labels");
        g.writeStringField("app", plan.application(app));
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("spec");
        g.writeStringField("type", type);
        String clusterIp = "172.30." + (s / 250) % 256 + "." + (s % 250 + 2);
        g.writeStringField("clusterIP", clusterIp);
        g.writeArrayFieldStart("clusterIPs");
        g.writeString(clusterIp);
        g.writeEndArray();
        g.writeArrayFieldStart("ports");
        servicePort(g, s, "http", 8080, 80, "TCP", type, 0);
        if (plan.mixedProtocol(s)) {
            servicePort(g, s, "stats", 8125, 8125, "UDP", type, 1);
        } else if (s % 3 == 0) {
            servicePort(g, s, "metrics", 9090, 9090, "TCP", type, 1);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("selector");
        g.writeStringField("app", plan.application(app));
        g.writeEndObject();
        if (!"ClusterIP".equals(type)) {
            g.writeStringField("externalTrafficPolicy", "Cluster");
        }
        g.writeStringField("sessionAffinity", "None");
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeObjectFieldStart("loadBalancer");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void servicePort(JsonGenerator g, int s, String name, int port, int target, String protocol, String type,
                             int index) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeNumberField("port", port);
        g.writeNumberField("targetPort", target);
        g.writeStringField("protocol", protocol);
        if (!"ClusterIP".equals(type)) {
            g.writeNumberField("nodePort", 30000 + (s * 2 + index) % 2768);
        }
        g.writeEndObject();
    }

    private void pod(JsonGenerator g, long pod, String name, String namespace, String ownerKind, String ownerName,
                     int nodeIndex, boolean hostNetwork, String role) throws IOException {
        String app = "ReplicaSet".equals(ownerKind) ? ownerName.substring(0, ownerName.lastIndexOf('-')) : ownerName;
        int node = Math.min(nodeIndex, size.nodes() - 1);
        String nodeName = plan.node(node);
        String ip = hostNetwork ? plan.nodeIp(node) : plan.podIp(pod);
        String phase = pod % 211 == 5 ? "Pending" : "Running";
        g.writeStartObject();
        g.writeStringField("apiVersion", "v1");
        g.writeStringField("kind", "Pod");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", name);
        g.writeStringField("generateName", name.substring(0, name.lastIndexOf('-') + 1));
        g.writeStringField("namespace", namespace);
        g.writeStringField("uid", plan.uid(10_000_000L + pod));
        g.writeStringField("resourceVersion", Long.toString(5_000_000 + pod));
        g.writeStringField("creationTimestamp", STARTED);
        g.writeObjectFieldStart("labels");
        g.writeStringField("app", app);
        if ("ReplicaSet".equals(ownerKind)) {
            g.writeStringField("pod-template-hash", ownerName.substring(ownerName.lastIndexOf('-') + 1));
        } else {
            g.writeStringField("controller-revision-hash", "6f9b8c7d5");
        }
        if ("StatefulSet".equals(ownerKind)) {
            g.writeStringField("statefulset.kubernetes.io/pod-name", name);
        }
        g.writeEndObject();
        g.writeObjectFieldStart("annotations");
        g.writeStringField("com.illumio.role", role);
        g.writeStringField("kubectl.kubernetes.io/default-container", "main");
        g.writeStringField("prometheus.io/scrape", "true");
        g.writeStringField("prometheus.io/port", "9090");
        g.writeEndObject();
        g.writeArrayFieldStart("ownerReferences");
        g.writeStartObject();
        g.writeStringField("apiVersion", "apps/v1");
        g.writeStringField("kind", ownerKind);
        g.writeStringField("name", ownerName);
        g.writeStringField("uid", plan.uid(ownerName.hashCode()));
        g.writeBooleanField("controller", true);
        g.writeBooleanField("blockOwnerDeletion", true);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();

        g.writeObjectFieldStart("spec");
        g.writeArrayFieldStart("volumes");
        g.writeStartObject();
        g.writeStringField("name", "kube-api-access-" + plan.suffix(pod + 11, 5));
        g.writeObjectFieldStart("projected");
        g.writeNumberField("defaultMode", 420);
        g.writeArrayFieldStart("sources");
        g.writeStartObject();
        g.writeObjectFieldStart("serviceAccountToken");
        g.writeNumberField("expirationSeconds", 3607);
        g.writeStringField("path", "token");
        g.writeEndObject();
        g.writeEndObject();
        g.writeStartObject();
        g.writeObjectFieldStart("configMap");
        g.writeStringField("name", "kube-root-ca.crt");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeArrayFieldStart("containers");
        container(g, "main", "registry.example.com/" + namespace + "/" + app + ":1." + (pod % 17), 8080);
        if (pod % 4 == 0) {
            container(g, "sidecar", "registry.example.com/platform/log-shipper:3.2", 9090);
        }
        g.writeEndArray();
        g.writeStringField("restartPolicy", "Always");
        g.writeNumberField("terminationGracePeriodSeconds", 30);
        g.writeStringField("dnsPolicy", hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst");
        g.writeStringField("serviceAccountName", "default");
        g.writeStringField("nodeName", nodeName);
        if (hostNetwork) {
            g.writeBooleanField("hostNetwork", true);
        }
        g.writeObjectFieldStart("securityContext");
        g.writeBooleanField("runAsNonRoot", true);
        g.writeEndObject();
        g.writeStringField("schedulerName", "default-scheduler");
        g.writeArrayFieldStart("tolerations");
        toleration(g, "node.kubernetes.io/not-ready");
        toleration(g, "node.kubernetes.io/unreachable");
        g.writeEndArray();
        g.writeNumberField("priority", 0);
        g.writeBooleanField("enableServiceLinks", true);
        g.writeEndObject();

        g.writeObjectFieldStart("status");
        g.writeStringField("phase", phase);
        g.writeArrayFieldStart("conditions");
        for (String type : new String[] {"Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
            condition(g, type, "Running".equals(phase) || "PodScheduled".equals(type) ? "True" : "False");
        }
        g.writeEndArray();
        g.writeStringField("hostIP", plan.nodeIp(node));
        if ("Running".equals(phase)) {
            g.writeStringField("podIP", ip);
            g.writeArrayFieldStart("podIPs");
            g.writeStartObject();
            g.writeStringField("ip", ip);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeStringField("startTime", STARTED);
        g.writeArrayFieldStart("containerStatuses");
        containerStatus(g, "main", pod, phase);
        if (pod % 4 == 0) {
            containerStatus(g, "sidecar", pod + 1, phase);
        }
        g.writeEndArray();
        g.writeStringField("qosClass", "Burstable");
        g.writeEndObject();
        g.writeEndObject();
    }

    private void container(JsonGenerator g, String name, String image, int port) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("image", image);
        g.writeArrayFieldStart("ports");
        g.writeStartObject();
        g.writeNumberField("containerPort", port);
        g.writeStringField("protocol", "TCP");
        g.writeEndObject();
        g.writeEndArray();
        g.writeArrayFieldStart("env");
        env(g, "LOG_LEVEL", "info");
        env(g, "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
        g.writeEndArray();
        g.writeObjectFieldStart("resources");
        g.writeObjectFieldStart("requests");
        g.writeStringField("cpu", "100m");
        g.writeStringField("memory", "256Mi");
        g.writeEndObject();
        g.writeObjectFieldStart("limits");
        g.writeStringField("memory", "512Mi");
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("volumeMounts");
        g.writeStartObject();
        g.writeStringField("name", "kube-api-access");
        g.writeBooleanField("readOnly", true);
        g.writeStringField("mountPath", "/var/run/secrets/kubernetes.io/serviceaccount");
        g.writeEndObject();
        g.writeEndArray();
        for (String probe : new String[] {"livenessProbe", "readinessProbe"}) {
            g.writeObjectFieldStart(probe);
            g.writeObjectFieldStart("httpGet");
            g.writeStringField("path", "/healthz");
            g.writeNumberField("port", port);
            g.writeStringField("scheme", "HTTP");
            g.writeEndObject();
            g.writeNumberField("periodSeconds", 10);
            g.writeNumberField("timeoutSeconds", 1);
            g.writeNumberField("failureThreshold", 3);
            g.writeEndObject();
        }
        g.writeStringField("terminationMessagePath", "/dev/termination-log");
        g.writeStringField("terminationMessagePolicy", "File");
        g.writeStringField("imagePullPolicy", "IfNotPresent");
        g.writeObjectFieldStart("securityContext");
        g.writeBooleanField("allowPrivilegeEscalation", false);
        g.writeObjectFieldStart("capabilities");
        g.writeArrayFieldStart("drop");
        g.writeString("ALL");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void containerStatus(JsonGenerator g, String name, long index, String phase) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeObjectFieldStart("state");
        if ("Running".equals(phase)) {
            g.writeObjectFieldStart("running");
            g.writeStringField("startedAt", STARTED);
        } else {
            g.writeObjectFieldStart("waiting");
            g.writeStringField("reason", "ContainerCreating");
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("lastState");
        g.writeEndObject();
        g.writeBooleanField("ready", "Running".equals(phase));
        g.writeNumberField("restartCount", (int) (index % 3));
        g.writeStringField("imageID", "registry.example.com/images@sha256:" + Long.toHexString(plan.mix(index))
                + Long.toHexString(plan.mix(index + 1)) + Long.toHexString(plan.mix(index + 2)));
        g.writeStringField("containerID", "containerd://" + Long.toHexString(plan.mix(index + 3))
                + Long.toHexString(plan.mix(index + 4)));
        g.writeBooleanField("started", "Running".equals(phase));
        g.writeEndObject();
    }

    private void network(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("apiVersion", "config.openshift.io/v1");
        g.writeStringField("kind", "Network");
        g.writeObjectFieldStart("metadata");
        g.writeStringField("name", "cluster");
        g.writeEndObject();
        g.writeObjectFieldStart("spec");
        g.writeStringField("networkType", "OVNKubernetes");
        g.writeEndObject();
        g.writeObjectFieldStart("status");
        g.writeStringField("networkType", "OVNKubernetes");
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void address(JsonGenerator g, String type, String address) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("address", address);
        g.writeEndObject();
    }

    private static void condition(JsonGenerator g, String type, String status) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("status", status);
        g.writeStringField("lastTransitionTime", STARTED);
        g.writeEndObject();
    }

    private static void env(JsonGenerator g, String name, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    private static void toleration(JsonGenerator g, String key) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("operator", "Exists");
        g.writeStringField("effect", "NoExecute");
        g.writeNumberField("tolerationSeconds", 300);
        g.writeEndObject();
    }
}
