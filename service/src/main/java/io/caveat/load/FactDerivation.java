package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.model.Pod;
import io.caveat.model.PodOwner;
import io.caveat.model.PossibleServiceReach;
import io.caveat.model.RuleReach;
import io.caveat.model.ServiceLabelMatch;
import io.caveat.model.ServiceReach;
import io.caveat.policy.PolicyResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derive: the facts that need the whole snapshot, once every file is read and mapped: each pod owner, the
 * Kubelink version the PCE did not report, the Cluster, and what each PCE rule reaches in this cluster (Illumio's
 * label semantics, docs/policy-semantics.md). Knowledge about limitations is derived by the rules' vocabulary,
 * not here.
 */
final class FactDerivation {
    private FactDerivation() {
    }

    /**
     * Adds the derived facts to {@code all}, and their kinds to {@code provided}; true when the network is known.
     *
     * @param name the snapshot's name: the cluster's when the PCE names none
     */
    static boolean derive(List<Object> all, List<JsonNode> networkObjects, String name, List<String> notes,
                          Set<String> provided) {
        all.addAll(owners(all));
        KubelinkImageVersion.fill(all);
        ClusterFacts.Result cluster = ClusterFacts.build(all, networkObjects, name, notes);
        all.add(cluster.cluster());
        if (provided.contains("SecurityRule")) {
            List<RuleReach> reaches = PolicyResolver.resolve(all);
            all.addAll(reaches);
            for (RuleReach reach : reaches) {
                reach.virtualServices().forEach(vs -> all.add(new ServiceReach(reach.rule(), reach.side(),
                        reach.ruleEnabled(), vs)));
                reach.servicesNamedOutsideScope().forEach(vs -> all.add(new PossibleServiceReach(reach.rule(),
                        reach.side(), reach.ruleEnabled(), vs)));
                reach.kubernetesServices().forEach(s -> all.add(new ServiceLabelMatch(reach.rule(), reach.side(),
                        reach.ruleEnabled(), s)));
            }
            provided.addAll(List.of("RuleReach", "ServiceReach", "PossibleServiceReach", "ServiceLabelMatch"));
        }
        return cluster.networkKnown();
    }

    /** One per owner of at least one pod, on the host network when one of its pods is. */
    static List<PodOwner> owners(List<Object> facts) {
        Map<String, Pod> first = new LinkedHashMap<>();
        Set<String> onHostNetwork = new java.util.HashSet<>();
        for (Object fact : facts) {
            if (fact instanceof Pod pod) {
                first.putIfAbsent(pod.ownerKey(), pod);
                if (pod.hostNetwork()) {
                    onHostNetwork.add(pod.ownerKey());
                }
            }
        }
        List<PodOwner> owners = new ArrayList<>();
        first.forEach((key, pod) -> owners.add(new PodOwner(pod.namespace(), pod.ownerKind(), pod.ownerName(),
                onHostNetwork.contains(key))));
        return owners;
    }
}
