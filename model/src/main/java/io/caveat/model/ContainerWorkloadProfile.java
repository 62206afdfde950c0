package io.caveat.model;

import java.util.Map;
import java.util.Set;

/**
 * The PCE's policy for one namespace of a container cluster.
 *
 * @param managed      false: the namespace's pods are not container workloads
 * @param assignments  label key -> the label href every pod of the namespace gets
 * @param restrictions label key -> the label hrefs a pod's com.illumio.&lt;key&gt; annotation may choose from
 */
public record ContainerWorkloadProfile(String href, String clusterHref, String namespace, boolean managed,
                                       String enforcementMode, Map<String, String> assignments,
                                       Map<String, Set<String>> restrictions) implements Fact {
    public ContainerWorkloadProfile {
        assignments = Immutable.map(assignments);
        restrictions = Immutable.map(restrictions);
    }

    @Override
    public String key() {
        return href;
    }

    @Override
    public String name() {
        return namespace;
    }
}
