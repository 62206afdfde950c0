package io.caveat.model;

import java.util.List;
import java.util.Map;

/**
 * A pod controller: DaemonSet, Deployment, StatefulSet, Job or CronJob, as its pod template declares it.
 *
 * @param desiredPods      replicas, or a DaemonSet's desiredNumberScheduled; -1 when not known (a manifest
 *                         without status)
 * @param settings         container env values of the few settings caveat keeps (Illumio's ILO_CLAS_MODE,
 *                         CLUSTER_MODE, ILO_NODEPORT_DISABLE..., Calico's FELIX_CHAININSERTMODE)
 * @param settingSources   those settings whose value the template takes from elsewhere, with where: "secret X",
 *                         "configmap X key Y", "fieldRef"; such a setting has no value in {@code settings}
 */
public record Workload(String namespace, String name, String workloadKind, boolean hostNetwork, int desiredPods,
                       List<String> images, Map<String, String> settings,
                       Map<String, String> settingSources) implements Fact {
    public Workload {
        images = List.copyOf(images);
        settings = Immutable.map(settings);
        settingSources = Immutable.map(settingSources);
    }

    @Override
    public String key() {
        return PodOwner.key(namespace, workloadKind, name);
    }

    @Override
    public String kind() {
        return workloadKind;
    }

    /**
     * Whether a container of its template runs the image repository, registry, tag and digest aside:
     * runsImage("calico/node") holds for docker.io/calico/node:v3.26.1, not for calico/node-driver-registrar.
     */
    public boolean runsImage(String repository) {
        for (String image : images) {
            String path = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
            int colon = path.lastIndexOf(':');
            if (colon > path.lastIndexOf('/')) {
                path = path.substring(0, colon);
            }
            if (path.equals(repository) || path.endsWith("/" + repository)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a container of its template runs an image whose name contains the text: imageContains("illumio/cven")
     * holds for quay.io/illumio/cven:23.4.11 and quay.io/illumio/cven-ubi8:23.4.11.
     */
    public boolean imageContains(String text) {
        for (String image : images) {
            if (image.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Whether desiredPods is known (a manifest without status leaves it at -1). */
    public boolean desiredPodsKnown() {
        return desiredPods >= 0;
    }

    /** An env value or setting, null when absent or taken from elsewhere. Rules write setting("ILO_CLAS_MODE"). */
    public String setting(String name) {
        return settings.get(name);
    }

    /** Where a setting's value comes from when the template does not hold it ("configmap X key Y"), else null. */
    public String settingFrom(String name) {
        return settingSources.get(name);
    }
}
