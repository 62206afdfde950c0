package io.caveat.policy;

import io.caveat.model.ContainerHost;
import io.caveat.model.ContainerWorkloadProfile;
import io.caveat.model.IpList;
import io.caveat.model.Label;
import io.caveat.model.LabelGroup;
import io.caveat.model.LabelMapping;
import io.caveat.model.Node;
import io.caveat.model.Pod;
import io.caveat.model.RuleActor;
import io.caveat.model.RuleReach;
import io.caveat.model.RuleSetScope;
import io.caveat.model.SecurityRule;
import io.caveat.model.Service;
import io.caveat.model.ServiceBackend;
import io.caveat.model.VirtualService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 *       where the profile does not assign that key, limited to the profile's restriction for that key; a Service's
 *       Kubernetes Workload in CLAS gets its labels the same way, from the Service's annotations, and then those
 *       a LabelMap's workloadLabelMap maps from its Kubernetes labels, which overwrite the others;</li>
 *   <li>an {@code ip_list} actor reaches the container hosts whose node address is in the list;</li>
 *   <li>whether a scope filters explicitly named {@code workload} and {@code virtual_service} actors is not
 *       documented: they are filtered, and what a scope left out is kept apart so rules can report it as
 *       possible.</li>
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
    private final List<Target> serviceWorkloads = new ArrayList<>();
    private final Map<String, IpList> ipLists = new HashMap<>();
    private final Map<String, String> nodeAddresses = new HashMap<>();
    private final List<LabelMapping> workloadMappings = new ArrayList<>();
    private final Map<String, List<RuleSetScope>> scopes = new HashMap<>();
    private final Map<String, List<RuleActor>> actors = new HashMap<>();
    private final List<SecurityRule> rules = new ArrayList<>();
    private final Targets hostIndex = new Targets(hosts);
    private final Targets podIndex = new Targets(podGroups);
    private final Targets serviceIndex = new Targets(virtualServices);
    private final Targets serviceWorkloadIndex = new Targets(serviceWorkloads);
    /** Rules with the same actors, scopes and resolution reach the same things: resolved once. */
    private final Map<String, Reach> resolved = new HashMap<>();

    /** A thing a rule can reach, with the label hrefs it carries. */
    private record Target(String id, String href, String namespace, int pods, Set<String> labels) {
    }

    /** What one side reaches, before it becomes a RuleReach of a given rule. */
    private record Reach(boolean allWorkloads, boolean allContainerHosts, Set<String> hosts, Set<String> namespaces,
                         int pods, Set<String> services, Set<String> ipListHosts, Set<String> hostsOutsideScope,
                         Set<String> servicesOutsideScope, Set<String> kubernetesServices) {
    }

    /**
     * Targets of one kind indexed by the labels they carry, so that a side is matched against the targets that
     * carry one of its labels (or its scope's) instead of all of them: the cost grows with what a rule reaches,
     * not with rules x cluster size.
     */
    private final class Targets {
        final List<Target> all;
        final Map<String, List<Target>> byLabel = new HashMap<>();
        final Map<String, List<Target>> byHref = new HashMap<>();

        Targets(List<Target> all) {
            this.all = all;
        }

        void index() {
            for (Target t : all) {
                if (t.href() != null) {
                    byHref.computeIfAbsent(t.href(), k -> new ArrayList<>()).add(t);
                }
                for (String label : t.labels()) {
                    byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(t);
                }
            }
        }

        /** Targets carrying the label, or a member of the label group. */
        List<Target> carrying(String labelOrGroup) {
            Set<String> members = groupMembers.get(labelOrGroup);
            if (members == null) {
                return byLabel.getOrDefault(labelOrGroup, List.of());
            }
            List<Target> out = new ArrayList<>(byLabel.getOrDefault(labelOrGroup, List.of()));
            members.forEach(m -> out.addAll(byLabel.getOrDefault(m, List.of())));
            return out;
        }

        /** Targets carrying one of the refs. */
        List<Target> carryingAny(List<String> refs) {
            List<Target> out = new ArrayList<>();
            refs.forEach(ref -> out.addAll(carrying(ref)));
            return out;
        }

        /**
         * A superset of what the side can match within the scopes: the targets carrying one label of the side's
         * most selective key, or one label of each scope, whichever is fewer; all targets when neither narrows.
         */
        Collection<Target> candidates(Side side, List<RuleSetScope> ruleScopes) {
            List<Target> best = null;
            if (!side.allWorkloads) {
                for (List<String> refs : side.labelsByKey.values()) {
                    List<Target> found = carryingAny(refs);
                    if (best == null || found.size() < best.size()) {
                        best = found;
                    }
                }
            }
            if (!ruleScopes.isEmpty() && ruleScopes.stream().noneMatch(scope -> scope.refs().isEmpty())) {
                List<Target> inScopes = new ArrayList<>();
                for (RuleSetScope scope : ruleScopes) {
                    List<Target> narrowest = null;
                    for (String ref : scope.refs()) {
                        List<Target> found = carrying(ref);
                        if (narrowest == null || found.size() < narrowest.size()) {
                            narrowest = found;
                        }
                    }
                    inScopes.addAll(narrowest);
                }
                if (best == null || inScopes.size() < best.size()) {
                    best = inScopes;
                }
            }
            if (best == null) {
                return all;
            }
            Set<Target> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(best);
            return distinct;
        }
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
        List<Service> kubernetesServices = new ArrayList<>();
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
            } else if (fact instanceof Service s) {
                kubernetesServices.add(s);
            } else if (fact instanceof IpList l) {
                ipLists.put(l.href(), l);
            } else if (fact instanceof LabelMapping m && m.section().equals("workload")) {
                workloadMappings.add(m);
            } else if (fact instanceof Node n) {
                nodeAddresses.put(n.name(), n.internalIp());
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
        for (Service service : kubernetesServices) {
            ContainerWorkloadProfile profile = profiles.get(service.namespace());
            if (profile != null && profile.managed()) {
                Set<String> labels = workloadLabels(profile, service.illumioAnnotations());
                mapLabels(labels, service.labels());
                serviceWorkloads.add(new Target(service.key(), null, service.namespace(), 0, labels));
            }
        }
        hostIndex.index();
        podIndex.index();
        serviceIndex.index();
        serviceWorkloadIndex.index();
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
            Set<String> labels = workloadLabels(profile, pod.illumioAnnotations());
            String id = pod.namespace() + labels;
            counts.computeIfAbsent(id, k -> new int[1])[0]++;
            groups.putIfAbsent(id, new Target(id, null, pod.namespace(), 0, labels));
        }
        counts.forEach((id, n) -> {
            Target t = groups.get(id);
            podGroups.add(new Target(id, null, t.namespace(), n[0], t.labels()));
        });
    }

    /**
     * A container workload's labels: the profile's assignments, then its com.illumio.&lt;key&gt; annotations where
     * the profile assigns no label of that key, limited to the profile's restriction for that key.
     */
    private Set<String> workloadLabels(ContainerWorkloadProfile profile, Map<String, String> annotations) {
        Set<String> labels = new TreeSet<>(profile.assignments().values());
        annotations.forEach((key, value) -> {
            String href = labelByKeyValue.get(key + "=" + value);
            Set<String> allowed = profile.restrictions().get(key);
            if (href != null && !profile.assignments().containsKey(key)
                    && (allowed == null || allowed.contains(href))) {
                labels.add(href);
            }
        });
        return labels;
    }

    /**
     * Labels a LabelMap maps from the workload's Kubernetes labels: they overwrite the label of the same key
     * ("Labels assigned through label maps take precedence", Illumio Core 25.1). A value the PCE has no label for
     * maps to nothing.
     */
    private void mapLabels(Set<String> labels, Map<String, String> kubernetesLabels) {
        for (LabelMapping mapping : workloadMappings) {
            String value = kubernetesLabels.get(mapping.fromKey());
            String href = value == null ? null : labelByKeyValue.get(mapping.toKey() + "=" + mapping.illumioValue(value));
            if (href != null) {
                labels.removeIf(l -> mapping.toKey().equals(labelKeys.get(l)));
                labels.add(href);
            }
        }
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
        List<RuleActor> sideActors = all.stream().filter(a -> a.side().equals(side)).toList();
        StringBuilder key = new StringBuilder(side).append('|').append(resolveAs).append('|')
                .append(ruleScopes.isEmpty() ? "" : rule.ruleSet()).append('|');
        sideActors.stream().map(a -> a.type() + ":" + a.ref() + ":" + a.exclusion() + ":" + a.labelKey()).sorted()
                .forEach(a -> key.append(a).append(','));
        Reach reach = resolved.computeIfAbsent(key.toString(), k -> reach(new Side(sideActors), ruleScopes, resolveAs));
        return new RuleReach(rule.href(), side, rule.enabled(), reach.allWorkloads(), reach.allContainerHosts(),
                reach.hosts(), reach.namespaces(), reach.pods(), reach.services(), reach.ipListHosts(),
                reach.hostsOutsideScope(), reach.servicesOutsideScope(), reach.kubernetesServices());
    }

    private Reach reach(Side s, List<RuleSetScope> ruleScopes, Set<String> resolveAs) {
        boolean asWorkloads = resolveAs.contains("workloads");
        boolean asServices = resolveAs.contains("virtual_services");
        Set<String> hostNames = new TreeSet<>();
        Set<String> namespaces = new TreeSet<>();
        Set<String> services = new TreeSet<>();
        Set<String> hostsOutside = new TreeSet<>();
        Set<String> servicesOutside = new TreeSet<>();
        int podCount = 0;
        if (s.containerHosts) {
            hosts.forEach(host -> hostNames.add(host.id()));
        } else {
            for (String workload : s.workloads) {
                for (Target host : hostIndex.byHref.getOrDefault(workload, List.of())) {
                    (inScope(host, ruleScopes) ? hostNames : hostsOutside).add(host.id());
                }
            }
            if (asWorkloads) {
                for (Target host : hostIndex.candidates(s, ruleScopes)) {
                    if (s.matches(host) && inScope(host, ruleScopes)) {
                        hostNames.add(host.id());
                    }
                }
            }
        }
        if (asWorkloads) {
            for (Target group : podIndex.candidates(s, ruleScopes)) {
                if (s.matches(group) && inScope(group, ruleScopes)) {
                    namespaces.add(group.namespace());
                    podCount += group.pods();
                }
            }
        }
        for (String href : s.services) {
            for (Target service : serviceIndex.byHref.getOrDefault(href, List.of())) {
                (inScope(service, ruleScopes) ? services : servicesOutside).add(service.id());
            }
        }
        if (asServices) {
            for (Target service : serviceIndex.candidates(s, ruleScopes)) {
                if (s.matches(service) && inScope(service, ruleScopes)) {
                    services.add(service.id());
                }
            }
        }
        Set<String> kubernetesServices = new TreeSet<>();
        for (Target service : serviceWorkloadIndex.candidates(s, ruleScopes)) {
            if (s.matches(service) && inScope(service, ruleScopes)) {
                kubernetesServices.add(service.id());
            }
        }
        // All Workloads means all only where no scope narrows it; otherwise the sets above say what it reaches.
        boolean unscoped = ruleScopes.isEmpty() || ruleScopes.stream()
                .anyMatch(scope -> scope.refs().isEmpty() && scope.exclusions().isEmpty());
        return new Reach(s.allWorkloads && unscoped, s.containerHosts, sorted(hostNames), sorted(namespaces),
                podCount, sorted(services), sorted(ipListHosts(s)), sorted(hostsOutside), sorted(servicesOutside),
                sorted(kubernetesServices));
    }

    /** Container hosts whose node address is in one of the side's IP lists (any node, for all of IPv4). */
    private Set<String> ipListHosts(Side s) {
        Set<String> covered = new TreeSet<>();
        for (String href : s.ipLists) {
            // A rule of the active policy names the active list; a draft-only export has the same id under draft.
            IpList list = ipLists.getOrDefault(href, ipLists.get(href.replace("/sec_policy/active/", "/sec_policy/draft/")));
            if (list == null) {
                continue;
            }
            for (Target host : hosts) {
                if (list.coversAllIpv4() || list.covers(nodeAddresses.get(host.id()))) {
                    covered.add(host.id());
                }
            }
        }
        return covered;
    }

    /** Shared by every rule with this reach, never copied again (RuleReach keeps an unmodifiable sorted set as is). */
    private static Set<String> sorted(Set<String> set) {
        return Collections.unmodifiableNavigableSet((TreeSet<String>) set);
    }

    private boolean inScope(Target target, List<RuleSetScope> ruleScopes) {
        if (ruleScopes.isEmpty()) {
            return true;
        }
        for (RuleSetScope scope : ruleScopes) {
            if (carriesAll(target, scope.refs()) && !carriesAny(target, scope.exclusions())) {
                return true;
            }
        }
        return false;
    }

    private boolean carriesAll(Target target, Collection<String> refs) {
        for (String ref : refs) {
            if (!carries(target, ref)) {
                return false;
            }
        }
        return true;
    }

    private boolean carriesAny(Target target, Collection<String> refs) {
        for (String ref : refs) {
            if (carries(target, ref)) {
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
        if (members != null) {
            for (String member : members) {
                if (target.labels().contains(member)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The actors of one side of a rule, sorted by what they mean. */
    private final class Side {
        final boolean allWorkloads;
        final boolean containerHosts;
        final Set<String> workloads = new HashSet<>();
        final Set<String> services = new HashSet<>();
        final Set<String> ipLists = new HashSet<>();
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
                    case "ip_list" -> ipLists.add(a.ref());
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
            if (!allWorkloads && labelsByKey.isEmpty() && exclusionsByKey.isEmpty()) {
                return false;
            }
            if (!allWorkloads) {
                for (List<String> refs : labelsByKey.values()) {
                    if (!carriesAny(target, refs)) {
                        return false;
                    }
                }
            }
            for (Map.Entry<String, List<String>> excluded : exclusionsByKey.entrySet()) {
                if (!exceptExcluded(target, excluded)) {
                    return false;
                }
            }
            return true;
        }

        private boolean exceptExcluded(Target target, Map.Entry<String, List<String>> excluded) {
            if (carriesAny(target, excluded.getValue())) {
                return false;
            }
            for (String href : target.labels()) {
                if (excluded.getKey().equals(labelKeys.get(href))) {
                    return true;
                }
            }
            return false;
        }
    }
}
