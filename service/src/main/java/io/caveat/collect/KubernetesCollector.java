package io.caveat.collect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caveat.load.KeptSettings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads what the rules need from a cluster, read-only, like kubectl get -o json: nodes, namespaces, pods,
 * services, DaemonSets, Deployments and StatefulSets everywhere; Illumio's ConfigMaps in its namespace;
 * kube-proxy's ConfigMap by name; Calico's FelixConfigurations; on OpenShift the two Network objects. Lists are
 * paged (limit/continue) and each page is written out before the next is read, so memory holds one page. A kind that cannot be read (403, 404) is reported and skipped.
 */
public final class KubernetesCollector {
    /** The default page size of kubectl. */
    public static final int PAGE_SIZE = 500;
    private static final int GONE = 410;
    private static final String CALICO_GROUP = "crd.projectcalico.org";
    private static final String ILLUMIO_GROUP = "ic4k.illumio.com";
    /** API groups that a cluster without Calico, or without Illumio's LabelMap CRD, does not serve. */
    private static final Set<String> OPTIONAL_GROUPS = Set.of(CALICO_GROUP, ILLUMIO_GROUP);

    private final KubernetesClient client;
    private final String illumioNamespace;
    private final int pageSize;
    private final CollectionReport report;
    private final Sanitizer sanitizer = new Sanitizer();

    public KubernetesCollector(KubernetesClient client, String illumioNamespace, int pageSize,
                               CollectionReport report) {
        this.client = client;
        this.illumioNamespace = illumioNamespace;
        this.pageSize = pageSize;
        this.report = report;
    }

    public void collect(SnapshotWriter out) {
        paged(out, "nodes", List.of("Node"), "v1", "NodeList", o -> client.nodes().list(o));
        paged(out, "namespaces", List.of("Namespace"), "v1", "NamespaceList", o -> client.namespaces().list(o));
        paged(out, "pods", List.of("Pod", "PodOwner"), "v1", "PodList", o -> client.pods().inAnyNamespace().list(o));
        paged(out, "services", List.of("Service", "ServicePort"), "v1", "ServiceList",
                o -> client.services().inAnyNamespace().list(o));
        // Controllers everywhere, not only Illumio's: a hostNetwork DaemonSet whose pods are not running yet
        // is found through its template. Their env values are dropped by the sanitizer like any other.
        paged(out, "daemonsets", List.of("Workload"), "apps/v1", "DaemonSetList",
                o -> client.apps().daemonSets().inAnyNamespace().list(o));
        paged(out, "deployments", List.of("Workload"), "apps/v1", "DeploymentList",
                o -> client.apps().deployments().inAnyNamespace().list(o));
        paged(out, "statefulsets", List.of("Workload"), "apps/v1", "StatefulSetList",
                o -> client.apps().statefulSets().inAnyNamespace().list(o));
        String ns = illumioNamespace;
        paged(out, "configmaps-" + ns, List.of("IllumioConfig"), "v1", "ConfigMapList",
                o -> client.configMaps().inNamespace(ns).list(o));
        kubeProxyConfigMaps(out);
        ResourceDefinitionContext felix = new ResourceDefinitionContext.Builder().withGroup(CALICO_GROUP)
                .withVersion("v1").withPlural("felixconfigurations").withKind("FelixConfiguration")
                .withNamespaced(false).build();
        paged(out, "felixconfigurations", List.of("FelixConfiguration"), CALICO_GROUP + "/v1",
                "FelixConfigurationList", o -> client.genericKubernetesResources(felix).list(o));
        ResourceDefinitionContext labelMaps = new ResourceDefinitionContext.Builder().withGroup(ILLUMIO_GROUP)
                .withVersion("v1alpha1").withPlural("labelmaps").withKind("LabelMap").withNamespaced(false).build();
        paged(out, "labelmaps", List.of("LabelMapping"), ILLUMIO_GROUP + "/v1alpha1", "LabelMapList",
                o -> client.genericKubernetesResources(labelMaps).list(o));
        openShiftNetwork(out, "config.openshift.io", "networks.config.openshift.io");
        openShiftNetwork(out, "operator.openshift.io", "networks.operator.openshift.io");
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void paged(
            SnapshotWriter out, String source, List<String> kinds, String apiVersion, String listKind,
            Function<ListOptions, L> lister) {
        try {
            try {
                readPages(out, source, apiVersion, listKind, lister);
            } catch (KubernetesClientException e) {
                if (e.getCode() != GONE) {
                    throw e;
                }
                // The continue token expired (the list changed too much meanwhile): start over once, as kubectl does.
                report.retry(source, "410 Gone: the list's continue token expired; reading it again from the start");
                readPages(out, source, apiVersion, listKind, lister);
            }
            report.done(source, kinds);
        } catch (KubernetesClientException e) {
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (OPTIONAL_GROUPS.contains(group) && absent(e, group)) {
                // No Calico, no FelixConfiguration; no LabelMap CRD, no label map: read, and empty.
                report.done(source, kinds);
            } else {
                report.unreadable(source, kinds, refusal(e, source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + source + " into the snapshot", e);
        }
    }

    /** An API group the cluster does not serve: 404, or a 403 for a group discovery does not list. */
    private boolean absent(KubernetesClientException e, String group) {
        return e.getCode() == 404 || e.getCode() == 403 && client.getApiGroup(group) == null;
    }

    /** kube-proxy's ConfigMap in kube-system, asked for by name (the Role grants no other ConfigMap there). */
    private void kubeProxyConfigMaps(SnapshotWriter out) {
        String source = "configmaps-kube-system-kube-proxy";
        try {
            // kubeadm's and EKS's names; other distributions keep kube-proxy's settings in flags or on disk.
            for (String name : KeptSettings.kubeProxyConfigMaps()) {
                var configMap = client.configMaps().inNamespace("kube-system").withName(name).get();
                if (configMap != null) {
                    out.object("configmap-kube-system-" + name + ".json", tree(configMap));
                    report.page(source, 1);
                }
            }
            report.done(source, List.of("KubeProxyConfig"));
        } catch (KubernetesClientException e) {
            report.unreadable(source, List.of("KubeProxyConfig"), refusal(e, source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + source + " into the snapshot", e);
        }
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void readPages(
            SnapshotWriter out, String source, String apiVersion, String listKind, Function<ListOptions, L> lister)
            throws IOException {
        try (SnapshotWriter.ListFile file = out.list(source + ".json", apiVersion, listKind)) {
            String next = null;
            do {
                L page = lister.apply(new ListOptionsBuilder().withLimit((long) pageSize).withContinue(next).build());
                for (T item : page.getItems()) {
                    file.add(tree(item));
                }
                report.page(source, page.getItems().size());
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            file.commit();
        }
    }

    /** Network "cluster" of an OpenShift API group; absent on plain Kubernetes, which is no error. */
    private void openShiftNetwork(SnapshotWriter out, String group, String source) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group)
                .withVersion("v1").withPlural("networks").withKind("Network").withNamespaced(false).build();
        try {
            GenericKubernetesResource network = client.genericKubernetesResources(context).withName("cluster").get();
            if (network != null) {
                out.object(source + ".json", tree(network));
                report.page(source, 1);
                report.done(source, List.of());
            }
        } catch (KubernetesClientException e) {
            // A 403 on a group the cluster does not have is no loss: plain Kubernetes has no OpenShift networks.
            if (!absent(e, group)) {
                report.unreadable(source, List.of("Cluster"), refusal(e, source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + source + " into the snapshot", e);
        }
    }

    private ObjectNode tree(Object item) throws IOException {
        String json = client.getKubernetesSerialization().asJson(item);
        return sanitizer.clean((ObjectNode) SnapshotWriter.MAPPER.readTree(json));
    }

    private static String refusal(KubernetesClientException e, String source) {
        String verb = source.startsWith("configmaps-kube-system") ? "get kube-proxy's ConfigMap in kube-system"
                : "list " + source.replaceFirst("-.*", "");
        return switch (e.getCode()) {
            case 401 -> "401 Unauthorized: the kubeconfig credentials were refused";
            case 403 -> "403 Forbidden: the account may not " + verb + " (see docs/deploy/base/rbac.yaml)";
            case 404 -> "404 Not Found: this cluster does not serve " + source;
            default -> (e.getCode() > 0 ? e.getCode() + " " + Redaction.excerpt(firstLine(e.getMessage()), null, null)
                    : Causes.root(e));
        };
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse(message);
    }

}
