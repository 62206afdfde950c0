package io.caveat.policy;

import io.caveat.model.ContainerHost;
import io.caveat.model.ContainerWorkloadProfile;
import io.caveat.model.Label;
import io.caveat.model.LabelGroup;
import io.caveat.model.Pod;
import io.caveat.model.RuleActor;
import io.caveat.model.RuleReach;
import io.caveat.model.RuleSetScope;
import io.caveat.model.SecurityRule;
import io.caveat.model.ServiceBackend;
import io.caveat.model.VirtualService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves what each side of each security rule reaches in the cluster, with Illumio's policy semantics
 * (sources in docs/policy-semantics.md):
 * <ul>
 *   <li>{@code ams} (All Workloads) reaches every workload; {@code container_host} every container host;</li>
 *   <li>label and label-group actors: a workload matches when, for each label key named on the side, it carries
 *       one of that key's labels (AND across keys, OR within a key); groups expand to their members;</li>
 *   <li>an {@code exclusion} actor reaches the workloads that carry another label of the excluded label's type
 *       and not the excluded one ("all labeled workloads except X");</li>
 *   <li>labels resolve as workloads and/or virtual services ({@code resolve_labels_as});</li>
 *   <li>the rule set's scopes (any scope; within one, every label, none of its excluded labels) restrict
 *       providers always, and consumers unless {@code unscoped_consumers}; {@code container_host} is extra-scope
 *       by definition and not restricted;</li>
 *   <li>a pod is a container workload only in a managed namespace (its container workload profile), not on the
 *       host network; its labels are the profile's assignments, then its com.illumio.&lt;key&gt; annotations
 *       where the profile does not assign that key, limited to the profile's restriction for that key.</li>
 * </ul>
 * This is not a limitation check: it is the derivation rules build upon, so it lives here rather than in rules/.
 */
public final class PolicyResolver {
    private final Map<String, Set<String>> groupMembers = new HashMap<>();
    private final Map<String, String> labelKeys = new HashMap<>();
    private final Map<String, String> labelByKeyValue = new HashMap<>();
    private final List<Target> hosts = new ArrayList<>();
    private final List<Target> podGroups = new ArrayList<>();
    private final List<Target> virtualServices = new ArrayList<>();
    private final Map<String, List<RuleSetScope>> scopes = new HashMap<>();
    private final Map<String, List<RuleActor>> actors = new HashMap<>();
    private final List<SecurityRule> rules = new ArrayList<>();

    /** A thing a rule can reach, with the label hrefs it carries. */
    private record Target(String id, String href, String namespace, int pods, Set<String> labels) {
    }

    private PolicyResolver() {
    }

    public static List<RuleReach> resolve(List<Object> facts) {
        return new PolicyResolver().index(facts).reach();
    }

    private PolicyResolver index(List<Object> facts) {
        Map<String, ContainerWorkloadProfile> profiles = new HashMap<>();
        Set<String> clusterServices = new HashSet<>();
        List<Pod> pods = new ArrayList<>();
        List<VirtualService> services = new ArrayList<>();
        for (Object fact : facts) {
            if (fact instanceof Label l) {
                labelKeys.put(l.href(), l.labelKey());
                labelByKeyValue.put(l.labelKey() + "=" + l.value(), l.href());
            } else if (fact instanceof LabelGroup g) {
                groupMembers.put(g.href(), g.labels());
            } else if (fact instanceof ContainerHost h) {
                hosts.add(new Target(h.node(), h.href(), null, 0, h.labelHrefs()));
            } else if (fact instanceof ContainerWorkloadProfile p) {
                profiles.put(p.namespace(), p);
            } else if (fact instanceof Pod p) {
                pods.add(p);
            } else if (fact instanceof VirtualService v) {
                services.add(v);
            } else if (fact instanceof ServiceBackend b) {
                clusterServices.add(b.virtualService());
            } else if (fact instanceof RuleSetScope s) {
                scopes.computeIfAbsent(s.ruleSet(), k -> new ArrayList<>()).add(s);
            } else if (fact instanceof RuleActor a) {
                actors.computeIfAbsent(a.rule(), k -> new ArrayList<>()).add(a);
            } else if (fact instanceof SecurityRule r) {
                rules.add(r);
            }
        }
        for (VirtualService v : services) {
            if (clusterServices.contains(v.href())) {
                virtualServices.add(new Target(v.href(), v.href(), null, 0, v.labelHrefs()));
            }
        }
        groupPods(pods, profiles);
        return this;
    }

    /** Pods with the same namespace and labels are one target: rules cannot tell them apart. */
    private void groupPods(List<Pod> pods, Map<String, ContainerWorkloadProfile> profiles) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Target> groups = new HashMap<>();
        for (Pod pod : pods) {
            ContainerWorkloadProfile profile = profiles.get(pod.namespace());
            if (pod.hostNetwork() || profile == null || !profile.managed()) {
                continue;
            }
            Set<String> labels = new TreeSet<>(profile.assignments().values());
            pod.illumioAnnotations().forEach((key, value) -> {
                String href = labelByKeyValue.get(key + "=" + value);
                Set<String> allowed = profile.restrictions().get(key);
                if (href != null && !profile.assignments().containsKey(key)
                        && (allowed == null || allowed.contains(href))) {
                    labels.add(href);
                }
            });
            String id = pod.namespace() + labels;
            counts.computeIfAbsent(id, k -> new int[1])[0]++;
            groups.putIfAbsent(id, new Target(id, null, pod.namespace(), 0, labels));
        }
        counts.forEach((id, n) -> {
            Target t = groups.get(id);
            podGroups.add(new Target(id, null, t.namespace(), n[0], t.labels()));
        });
    }

    private List<RuleReach> reach() {
        List<RuleReach> out = new ArrayList<>();
        for (SecurityRule rule : rules) {
            List<RuleActor> ruleActors = actors.getOrDefault(rule.href(), List.of());
            List<RuleSetScope> ruleScopes = scopes.getOrDefault(rule.ruleSet(), List.of());
            out.add(side(rule, "consumers", ruleActors, rule.unscopedConsumers() ? List.of() : ruleScopes,
                    rule.consumersResolveAs()));
            out.add(side(rule, "providers", ruleActors, ruleScopes, rule.providersResolveAs()));
        }
        return out;
    }

    private RuleReach side(SecurityRule rule, String side, List<RuleActor> all, List<RuleSetScope> ruleScopes,
                           Set<String> resolveAs) {
        Side s = new Side(all.stream().filter(a -> a.side().equals(side)).toList());
        boolean asWorkloads = resolveAs.contains("workloads");
        boolean asServices = resolveAs.contains("virtual_services");
        Set<String> hostNames = new TreeSet<>();
        Set<String> namespaces = new TreeSet<>();
        Set<String> services = new TreeSet<>();
        int podCount = 0;
        for (Target host : hosts) {
            if (s.containerHosts
                    || (s.workloads.contains(host.href()) || asWorkloads && s.matches(host)) && inScope(host, ruleScopes)) {
                hostNames.add(host.id());
            }
        }
        if (asWorkloads) {
            for (Target group : podGroups) {
                if (s.matches(group) && inScope(group, ruleScopes)) {
                    namespaces.add(group.namespace());
                    podCount += group.pods();
                }
            }
        }
        for (Target service : virtualServices) {
            if ((s.services.contains(service.id()) || asServices && s.matches(service))
                    && inScope(service, ruleScopes)) {
                services.add(service.id());
            }
        }
        // All Workloads means all only where no scope narrows it; otherwise the sets above say what it reaches.
        boolean unscoped = ruleScopes.isEmpty() || ruleScopes.stream()
                .anyMatch(scope -> scope.refs().isEmpty() && scope.exclusions().isEmpty());
        return new RuleReach(rule.href(), side, rule.enabled(), s.allWorkloads && unscoped, s.containerHosts,
                hostNames, namespaces, podCount, services);
    }

    private boolean inScope(Target target, List<RuleSetScope> ruleScopes) {
        if (ruleScopes.isEmpty()) {
            return true;
        }
        for (RuleSetScope scope : ruleScopes) {
            if (scope.refs().stream().allMatch(ref -> carries(target, ref))
                    && scope.exclusions().stream().noneMatch(ref -> carries(target, ref))) {
                return true;
            }
        }
        return false;
    }

    private boolean carries(Target target, String labelOrGroup) {
        if (target.labels().contains(labelOrGroup)) {
            return true;
        }
        Set<String> members = groupMembers.get(labelOrGroup);
        return members != null && members.stream().anyMatch(target.labels()::contains);
    }

    /** The actors of one side of a rule, sorted by what they mean. */
    private final class Side {
        final boolean allWorkloads;
        final boolean containerHosts;
        final Set<String> workloads = new HashSet<>();
        final Set<String> services = new HashSet<>();
        final Map<String, List<String>> labelsByKey = new LinkedHashMap<>();
        final Map<String, List<String>> exclusionsByKey = new LinkedHashMap<>();

        Side(List<RuleActor> sideActors) {
            boolean ams = false;
            boolean hostsActor = false;
            for (RuleActor a : sideActors) {
                switch (a.type()) {
                    case "ams" -> ams = true;
                    case "container_host" -> hostsActor = true;
                    case "workload" -> workloads.add(a.ref());
                    case "virtual_service" -> services.add(a.ref());
                    case "label", "label_group" -> {
                        String key = a.labelKey() != null ? a.labelKey() : labelKeys.getOrDefault(a.ref(), a.ref());
                        (a.exclusion() ? exclusionsByKey : labelsByKey)
                                .computeIfAbsent(key, k -> new ArrayList<>()).add(a.ref());
                    }
                    default -> {
                    }
                }
            }
            allWorkloads = ams;
            containerHosts = hostsActor;
        }

        /**
         * ams, or the label condition: per key, one of the key's labels; per excluded key, a label of that key
         * other than the excluded ones.
         */
        boolean matches(Target target) {
            boolean included = allWorkloads
                    || !(labelsByKey.isEmpty() && exclusionsByKey.isEmpty()) && labelsByKey.values().stream()
                    .allMatch(refs -> refs.stream().anyMatch(ref -> carries(target, ref)));
            return included && exclusionsByKey.entrySet().stream().allMatch(e -> exceptExcluded(target, e));
        }

        private boolean exceptExcluded(Target target, Map.Entry<String, List<String>> excluded) {
            if (excluded.getValue().stream().anyMatch(ref -> carries(target, ref))) {
                return false;
            }
            return target.labels().stream().anyMatch(href -> excluded.getKey().equals(labelKeys.get(href)));
        }
    }
}
