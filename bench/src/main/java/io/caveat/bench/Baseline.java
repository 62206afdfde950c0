package io.caveat.bench;

import io.caveat.load.Snapshot;
import io.caveat.model.Cluster;
import io.caveat.model.ContainerCluster;
import io.caveat.model.ContainerHost;
import io.caveat.model.Fact;
import io.caveat.model.PairingProfile;
import io.caveat.model.Pod;
import io.caveat.model.PodOwner;
import io.caveat.model.RuleReach;
import io.caveat.model.SecurityRule;
import io.caveat.model.Service;
import io.caveat.model.ServiceBackend;
import io.caveat.model.ServicePort;
import io.caveat.model.Subject;
import io.caveat.model.VirtualService;
import io.caveat.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The limitations' checks as plain loops over the same facts: the benchmark's yardstick, never used by the product.
 * The six of the seed page (KL-001 to KL-006) only: they are the performance anchor. The other limitations are
 * checked by their scenarios; a yardstick that copied every limitation would have to change with each.
 *
 * <p>Mirrors KL-001..KL-006 of the test knowledge base (service/src/test/resources/knowledge-base: DRL rules and the
 * KL-006 decision table) as they stand: each DRL rule
 * or table row is one check, skipped like the engine skips it when a kind of its @requires is not provided. Drools
 * semantics kept: {@code ==}/{@code !=} are null-safe equals (so {@code x != "full"} holds for a null x),
 * {@code not in} holds for null, {@code matches} is false and {@code not matches} true for null, {@code from collect(...)}
 * with {@code size > 0} is "at least one", unconstrained collects/accumulates always match. Findings merge by
 * rule id + subject, at the highest severity; the rules of one id that can hit the same subject either exclude each
 * other (KL-002's owner and controller rules, KL-003's two, KL-006's table rows) or agree on the severity (KL-002's
 * two C-VEN rules, both info), so each finding's severity is that of any rule that produces it.
 */
final class Baseline {
    /** The limitations it mirrors. */
    static final List<String> IDS = List.of("KL-001", "KL-002", "KL-003", "KL-004", "KL-005", "KL-006");

    private Baseline() {
    }

    /** Illumio's component a workload is, as the vocabulary recognises it (rules/vocabulary/illumio.drl). */
    private static String component(Workload w) {
        if ("illumio-ven".equals(w.name()) || w.imageContains("illumio/cven") || w.imageContains("illumio/ven")) {
            return "cven";
        }
        if ("illumio-kubelink".equals(w.name()) || w.imageContains("illumio/kubelink")) {
            return "kubelink";
        }
        return "illumio-storage".equals(w.name()) || w.imageContains("illumio/storage") ? "storage" : null;
    }

    // @requires of each DRL rule / table row, copied from the rule files (a rule without its own takes its limitation's).
    private static final List<String> KL001_ENFORCED_HOST = List.of("ContainerHost");
    private static final List<String> KL001_PAIRING_PROFILE = List.of("PairingProfile", "ContainerHost");
    private static final List<String> KL002_OWNER = List.of("Pod");
    private static final List<String> KL002_CONTROLLER = List.of("Workload");
    private static final List<String> KL002_CVEN = List.of("Pod");
    private static final List<String> KL003_ALL = List.of("SecurityRule");
    private static final List<String> KL003_LABELS = List.of("SecurityRule", "ContainerHost", "Pod",
            "ContainerWorkloadProfile", "Label", "ServiceBackend", "VirtualService");
    private static final List<String> KL004 = List.of("Service", "ServicePort", "ServiceBackend", "VirtualService",
            "SecurityRule", "ContainerWorkloadProfile", "ContainerCluster", "Pod", "Label");
    private static final List<String> KL005 = List.of("Cluster", "Service", "ServicePort");
    private static final List<String> KL006_CVEN = List.of("Service", "Workload");
    private static final List<String> KL006_TABLE = List.of("Service", "ContainerHost"); // every row

    private static final Pattern LEGACY = Pattern.compile("(?i)legacy");

    /** Pod owner identity as KL-002 joins it: namespace, owner kind, owner name (null-safe). */
    private record OwnerRef(String namespace, String kind, String name) {
    }

    /** Namespace and name, as KL-002 joins a C-VEN Workload to a PodOwner (kind not compared). */
    private record NsName(String namespace, String name) {
    }

    /**
     * One line per finding, "ruleId severity Kind/namespace/name" (the subject as io.caveat.model.Subject#toString
     * prints it: "Kind/name" when there is no namespace), sorted, distinct.
     */
    static List<String> findings(Snapshot snapshot) {
        Set<String> provided = new HashSet<>(snapshot.summary().provided());

        List<Pod> pods = new ArrayList<>();
        List<PodOwner> owners = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<ServicePort> ports = new ArrayList<>();
        List<ContainerHost> hosts = new ArrayList<>();
        List<PairingProfile> profiles = new ArrayList<>();
        List<SecurityRule> rules = new ArrayList<>();
        List<RuleReach> reaches = new ArrayList<>();
        List<ServiceBackend> backends = new ArrayList<>();
        List<VirtualService> virtualServices = new ArrayList<>();
        List<ContainerCluster> containerClusters = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        for (Object o : snapshot.facts()) {
            if (o instanceof Pod p) {
                pods.add(p);
            } else if (o instanceof ServicePort p) {
                ports.add(p);
            } else if (o instanceof Service s) {
                services.add(s);
            } else if (o instanceof RuleReach r) {
                reaches.add(r);
            } else if (o instanceof PodOwner p) {
                owners.add(p);
            } else if (o instanceof Workload w) {
                workloads.add(w);
            } else if (o instanceof ContainerHost h) {
                hosts.add(h);
            } else if (o instanceof SecurityRule r) {
                rules.add(r);
            } else if (o instanceof ServiceBackend b) {
                backends.add(b);
            } else if (o instanceof VirtualService v) {
                virtualServices.add(v);
            } else if (o instanceof PairingProfile p) {
                profiles.add(p);
            } else if (o instanceof ContainerCluster c) {
                containerClusters.add(c);
            } else if (o instanceof Cluster c) {
                clusters.add(c);
            }
        }

        TreeSet<String> out = new TreeSet<>();
        kl001(provided, hosts, profiles, out);
        kl002(provided, pods, owners, workloads, out);
        kl003(provided, rules, reaches, out);
        kl004(provided, containerClusters, workloads, services, ports, backends, virtualServices, reaches, out);
        kl005(provided, clusters, services, out);
        kl006(provided, workloads, services, hosts, out);
        return new ArrayList<>(out);
    }

    private static void kl001(Set<String> provided, List<ContainerHost> hosts, List<PairingProfile> profiles,
                              Set<String> out) {
        if (provided.containsAll(KL001_ENFORCED_HOST)) {
            // ContainerHost( enforcementMode == "full", policySyncState != null, policySyncState not in (...) )
            for (ContainerHost h : hosts) {
                String sync = h.policySyncState();
                if ("full".equals(h.enforcementMode()) && sync != null && !"active".equals(sync)
                        && !"synced".equals(sync)) {
                    add(out, "KL-001", "high", h);
                }
            }
        }
        if (provided.containsAll(KL001_PAIRING_PROFILE)) {
            for (PairingProfile p : profiles) {
                if (!p.enabled() || !"full".equals(p.enforcementMode()) || !p.labels().containsKey("role")) {
                    continue;
                }
                // collect( ContainerHost( labelHrefs.containsAll($profile.labelHrefs) ) ), size > 0
                for (ContainerHost h : hosts) {
                    if (h.labelHrefs().containsAll(p.labelHrefs())) {
                        add(out, "KL-001", "high", p);
                        break;
                    }
                }
            }
        }
    }

    private static void kl002(Set<String> provided, List<Pod> pods, List<PodOwner> owners, List<Workload> workloads,
                              Set<String> out) {
        boolean ownerRules = provided.containsAll(KL002_OWNER) || provided.containsAll(KL002_CVEN);
        boolean controllerRule = provided.containsAll(KL002_CONTROLLER);
        if (!ownerRules && !controllerRule) {
            return;
        }
        // Owners with a live hostNetwork pod (phase not in ("Succeeded", "Failed"): true for a null phase), and
        // owners with any pod at all.
        Set<OwnerRef> liveHostNetwork = new HashSet<>();
        Set<OwnerRef> anyPod = new HashSet<>();
        for (Pod p : pods) {
            OwnerRef ref = new OwnerRef(p.namespace(), p.ownerKind(), p.ownerName());
            if (controllerRule) {
                anyPod.add(ref);
            }
            if (ownerRules && p.hostNetwork() && !"Succeeded".equals(p.phase()) && !"Failed".equals(p.phase())) {
                liveHostNetwork.add(ref);
            }
        }
        if (ownerRules) {
            Set<NsName> cven = new HashSet<>();
            for (Workload w : workloads) {
                if ("cven".equals(component(w))) {
                    cven.add(new NsName(w.namespace(), w.name()));
                }
            }
            boolean ownerRule = provided.containsAll(KL002_OWNER);
            boolean cvenRule = provided.containsAll(KL002_CVEN);
            for (PodOwner o : owners) {
                if (!liveHostNetwork.contains(new OwnerRef(o.namespace(), o.ownerKind(), o.name()))) {
                    continue;
                }
                boolean isCven = "DaemonSet".equals(o.ownerKind()) && "illumio-ven".equals(o.name())
                        || cven.contains(new NsName(o.namespace(), o.name()));
                if (isCven) {
                    if (cvenRule) {
                        add(out, "KL-002", "info", o);
                    }
                } else if (ownerRule) {
                    add(out, "KL-002", "medium", o);
                }
            }
        }
        if (controllerRule) {
            // Workload( hostNetwork, desiredPods != 0 ), not one of Illumio's, not Pod( of it )
            for (Workload w : workloads) {
                if (w.hostNetwork() && component(w) == null && w.desiredPods() != 0
                        && !anyPod.contains(new OwnerRef(w.namespace(), w.workloadKind(), w.name()))) {
                    add(out, "KL-002", "medium", w);
                }
            }
        }
    }

    private static final int ALL_WORKLOADS_OR_HOSTS = 1;
    private static final int REACHES_KUBERNETES = 2;

    private static void kl003(Set<String> provided, List<SecurityRule> rules, List<RuleReach> reaches,
                              Set<String> out) {
        boolean all = provided.containsAll(KL003_ALL);
        boolean labels = provided.containsAll(KL003_LABELS);
        if (!all && !labels) {
            return;
        }
        Map<String, Integer> reachOf = new HashMap<>();
        for (RuleReach r : reaches) {
            int flags = (r.allWorkloads() || r.allContainerHosts() ? ALL_WORKLOADS_OR_HOSTS : 0)
                    | (r.reachesKubernetes() ? REACHES_KUBERNETES : 0);
            if (flags != 0) {
                reachOf.merge(r.rule(), flags, (a, b) -> a | b);
            }
        }
        for (SecurityRule rule : rules) {
            if (!rule.enabled() || !rule.stateless()) {
                continue;
            }
            int flags = reachOf.getOrDefault(rule.href(), 0);
            if ((flags & ALL_WORKLOADS_OR_HOSTS) != 0) {
                if (all) {
                    add(out, "KL-003", "high", rule);
                }
            } else if ((flags & REACHES_KUBERNETES) != 0 && labels) {
                add(out, "KL-003", "high", rule);
            }
        }
    }

    private static void kl004(Set<String> provided, List<ContainerCluster> containerClusters,
                              List<Workload> workloads, List<Service> services, List<ServicePort> ports,
                              List<ServiceBackend> backends, List<VirtualService> virtualServices,
                              List<RuleReach> reaches, Set<String> out) {
        if (!provided.containsAll(KL004)) {
            return;
        }
        // exists ContainerCluster( clusterMode matches legacy ), not ContainerCluster( clusterMode not matches legacy )
        boolean legacy = false;
        for (ContainerCluster c : containerClusters) {
            String mode = c.clusterMode();
            if (mode == null) {
                return; // Drools: "null not matches x" holds (and "null matches x" does not)
            }
            if (LEGACY.matcher(mode).matches()) {
                legacy = true;
            } else {
                return;
            }
        }
        if (!legacy) {
            return;
        }
        for (Workload w : workloads) {
            String component = component(w);
            if ("storage".equals(component)
                    || "cven".equals(component) && "true".equals(w.setting("ILO_CLAS_MODE"))) {
                return;
            }
            if ("kubelink".equals(component)) {
                String mode = w.setting("CLUSTER_MODE");
                if (mode != null && !LEGACY.matcher(mode).matches()) {
                    return;
                }
            }
        }
        // Per Service key: port number -> protocols declared (1 TCP, 2 UDP), TCP and UDP ports only.
        Map<String, Map<Integer, Integer>> protocolsByPort = new HashMap<>();
        for (ServicePort p : ports) {
            int bit = "TCP".equals(p.protocol()) ? 1 : "UDP".equals(p.protocol()) ? 2 : 0;
            if (bit != 0) {
                protocolsByPort.computeIfAbsent(p.service(), k -> new HashMap<>()).merge(p.port(), bit, (a, b) -> a | b);
            }
        }
        Map<String, List<ServiceBackend>> backendsByService = new HashMap<>();
        for (ServiceBackend b : backends) {
            backendsByService.computeIfAbsent(b.service(), k -> new ArrayList<>(1)).add(b);
        }
        Set<String> vsHrefs = new HashSet<>();
        for (VirtualService v : virtualServices) {
            vsHrefs.add(v.href());
        }
        // RuleReach( side == "providers", ruleEnabled, virtualServices contains href ): rules per virtual service;
        // RuleReach( side == "consumers", pods > 0 ): their rules.
        Map<String, List<String>> providerRulesByVs = new HashMap<>();
        Set<String> consumerRules = new HashSet<>();
        for (RuleReach r : reaches) {
            if ("providers".equals(r.side())) {
                if (r.ruleEnabled()) {
                    for (String v : r.virtualServices()) {
                        providerRulesByVs.computeIfAbsent(v, k -> new ArrayList<>(2)).add(r.rule());
                    }
                }
            } else if ("consumers".equals(r.side()) && r.pods() > 0) {
                consumerRules.add(r.rule());
            }
        }
        Map<String, Boolean> podsReachVs = new HashMap<>();
        for (Service s : services) {
            String key = s.key();
            Map<Integer, Integer> byPort = protocolsByPort.get(key);
            if (byPort == null) {
                continue;
            }
            int protocols = 0;
            boolean extra = false;
            for (int bits : byPort.values()) {
                protocols |= bits;
                extra |= bits != 3;
            }
            // Set( size > 1 ) of protocols, and some port number lacks one of them
            if (protocols != 3 || !extra) {
                continue;
            }
            List<ServiceBackend> bs = backendsByService.get(key);
            if (bs == null) {
                continue;
            }
            for (ServiceBackend b : bs) {
                String vs = b.virtualService();
                if (!vsHrefs.contains(vs)) {
                    continue;
                }
                Boolean reached = podsReachVs.get(vs);
                if (reached == null) {
                    reached = false;
                    List<String> providerRules = providerRulesByVs.get(vs);
                    if (providerRules != null) {
                        for (String rule : providerRules) {
                            if (consumerRules.contains(rule)) {
                                reached = true;
                                break;
                            }
                        }
                    }
                    podsReachVs.put(vs, reached);
                }
                if (reached) {
                    add(out, "KL-004", "medium", s);
                    break;
                }
            }
        }
    }

    private static void kl005(Set<String> provided, List<Cluster> clusters, List<Service> services, Set<String> out) {
        if (!provided.containsAll(KL005)) {
            return;
        }
        boolean ovn = false;
        for (Cluster c : clusters) {
            if ("openshift".equals(c.platform()) && "OVNKubernetes".equals(c.networkType())) {
                ovn = true;
                break;
            }
        }
        if (!ovn) {
            return;
        }
        for (Service s : services) {
            if (s.allocatesNodePorts()) {
                add(out, "KL-005", "medium", s);
            }
        }
    }

    private static void kl006(Set<String> provided, List<Workload> workloads, List<Service> services,
                              List<ContainerHost> hosts, Set<String> out) {
        boolean cvenRule = provided.containsAll(KL006_CVEN);
        boolean table = provided.containsAll(KL006_TABLE);
        if (!cvenRule && !table) {
            return;
        }
        boolean nodePortService = false;
        for (Service s : services) {
            if (s.allocatesNodePorts()) {
                nodePortService = true;
                break;
            }
        }
        if (!nodePortService) {
            return;
        }
        if (cvenRule) {
            for (Workload w : workloads) {
                if ("cven".equals(component(w)) && "true".equalsIgnoreCase(w.setting("ILO_NODEPORT_DISABLE"))) {
                    add(out, "KL-006", "high", w);
                }
            }
        }
        if (table) {
            boolean idle = false;
            boolean visibilityOnly = false;
            boolean selective = false;
            boolean unknown = false; // neither full, idle, visibility_only nor selective (null included)
            for (ContainerHost h : hosts) {
                String mode = h.enforcementMode();
                if ("idle".equals(mode)) {
                    idle = true;
                } else if ("visibility_only".equals(mode)) {
                    visibilityOnly = true;
                } else if ("selective".equals(mode)) {
                    selective = true;
                } else if (!"full".equals(mode)) {
                    unknown = true;
                }
            }
            // The rows, each excluding the rows above: one severity for every NodePort Service. (Every row's
            // "some container host is not in Full" follows from its own host condition.)
            String severity = idle || visibilityOnly ? "high" : selective || unknown ? "medium" : null;
            if (severity != null) {
                for (Service s : services) {
                    if (s.allocatesNodePorts()) {
                        add(out, "KL-006", severity, s);
                    }
                }
            }
        }
    }

    private static void add(Set<String> out, String id, String severity, Fact subject) {
        out.add(id + " " + severity + " " + new Subject(subject.kind(), subject.namespace(), subject.name()));
    }
}
