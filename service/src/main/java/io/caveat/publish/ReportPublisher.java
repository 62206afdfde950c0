package io.caveat.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.caveat.report.PolicyReportApi;
import io.caveat.report.PolicyReportFormat;
import io.caveat.report.ReportRun;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes a run's policy reports into the cluster by server-side apply, as field manager "caveat": a report per
 * namespace and a cluster report, replacing caveat's previous ones; reports caveat wrote earlier that this run
 * has no use for (a namespace with nothing left) are deleted. Reports of other tools are never touched: only
 * those labelled as managed by caveat are listed.
 */
public final class ReportPublisher {
    static final String FIELD_MANAGER = "caveat";

    private final Supplier<Config> config;
    private final PolicyReportApi api;

    /** @param config read on every publish, so that a rotated service-account token is picked up */
    public ReportPublisher(Supplier<Config> config, PolicyReportApi api) {
        this.config = config;
        this.api = api;
    }

    public PolicyReportApi api() {
        return api;
    }

    public Outcome publish(ReportRun run) {
        Config connection;
        try {
            connection = config.get();
        } catch (IllegalArgumentException e) {
            return Outcome.failed(api, e.getMessage());
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(connection).build()) {
            return publish(client, run);
        } catch (KubernetesClientException e) {
            return Outcome.failed(api, Refusals.of(e, api, connection.getMasterUrl()));
        }
    }

    private Outcome publish(KubernetesClient client, ReportRun run) {
        if (!client.supports(api.apiVersion(), api.kind()) || !client.supports(api.apiVersion(), api.clusterKind())) {
            return new Outcome(Status.NO_API, 0, 0, List.of(), noApi(client));
        }
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                namespaced = client.genericKubernetesResources(context(api.kind(), api.plural(), true));
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                cluster = client.genericKubernetesResources(context(api.clusterKind(), api.clusterPlural(), false));
        Set<String> wanted = new HashSet<>();
        List<String> failures = new ArrayList<>();
        int applied = 0;
        for (ObjectNode report : PolicyReportFormat.reports(run, api, false)) {
            GenericKubernetesResource resource = client.getKubernetesSerialization().unmarshal(report.toString(),
                    GenericKubernetesResource.class);
            String namespace = resource.getMetadata().getNamespace();
            wanted.add(key(namespace, resource.getMetadata().getName()));
            try {
                (namespace == null ? cluster.resource(resource) : namespaced.inNamespace(namespace).resource(resource))
                        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                applied++;
            } catch (KubernetesClientException e) {
                failures.add(where(namespace, resource.getMetadata().getName()) + ": " + Refusals.of(e, api, client.getMasterUrl().toString()));
            }
        }
        int deleted = 0;
        List<GenericKubernetesResource> previous = new ArrayList<>();
        try {
            previous.addAll(namespaced.inAnyNamespace().withLabel(PolicyReportFormat.MANAGED_BY,
                    PolicyReportFormat.CAVEAT).list().getItems());
            previous.addAll(cluster.withLabel(PolicyReportFormat.MANAGED_BY, PolicyReportFormat.CAVEAT).list()
                    .getItems());
        } catch (KubernetesClientException e) {
            failures.add("listing caveat's previous reports: " + Refusals.of(e, api, client.getMasterUrl().toString()));
        }
        for (GenericKubernetesResource old : previous) {
            String namespace = old.getMetadata().getNamespace();
            String name = old.getMetadata().getName();
            if (wanted.contains(key(namespace, name))) {
                continue;
            }
            try {
                (namespace == null ? cluster.withName(name) : namespaced.inNamespace(namespace).withName(name))
                        .delete();
                deleted++;
            } catch (KubernetesClientException e) {
                failures.add("deleting " + where(namespace, name) + ": " + Refusals.of(e, api, client.getMasterUrl().toString()));
            }
        }
        Status status = failures.isEmpty() ? Status.PUBLISHED : Status.FAILED;
        return new Outcome(status, applied, deleted, List.copyOf(failures), status == Status.PUBLISHED
                ? "published " + applied + " " + api.apiVersion() + " report(s), deleted " + deleted + " stale"
                : failures.size() + " " + api.apiVersion() + " report operation(s) failed (" + applied
                        + " applied, " + deleted + " deleted)");
    }

    /** The CRDs are not installed: said with what to install, and the other API when the cluster serves that. */
    private String noApi(KubernetesClient client) {
        StringBuilder text = new StringBuilder("the cluster does not serve " + api.apiVersion() + " " + api.kind()
                + " and " + api.clusterKind() + "; nothing was published (install the CRDs "
                + api.plural() + "." + api.group() + " and " + api.clusterPlural() + "." + api.group());
        for (PolicyReportApi other : PolicyReportApi.values()) {
            if (other != api && client.supports(other.apiVersion(), other.kind())) {
                text.append(", or publish with --publish-api ").append(other.apiVersion())
                        .append(" which the cluster serves");
            }
        }
        return text.append(")").toString();
    }

    private ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(api.group()).withVersion(api.version())
                .withKind(kind).withPlural(plural).withNamespaced(namespaced).build();
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private String where(String namespace, String name) {
        return namespace == null ? api.clusterKind() + " " + name : api.kind() + " " + namespace + "/" + name;
    }

    public enum Status {
        /** Every report applied and every stale one deleted. */
        PUBLISHED,
        /** The cluster does not serve the report API; nothing was written. */
        NO_API,
        /** Some or all operations failed; the message and failures say which. */
        FAILED
    }

    public record Outcome(Status status, int applied, int deleted, List<String> failures, String message) {
        static Outcome failed(PolicyReportApi api, String cause) {
            return new Outcome(Status.FAILED, 0, 0, List.of(cause), "cannot publish " + api.apiVersion() + " reports");
        }
    }
}
