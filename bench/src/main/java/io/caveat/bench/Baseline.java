package io.caveat.bench;

import io.caveat.load.Snapshot;
import io.caveat.model.Cluster;
import io.caveat.model.ContainerCluster;
import io.caveat.model.ContainerHost;
import io.caveat.model.Fact;
import io.caveat.model.FelixConfiguration;
import io.caveat.model.IllumioConfig;
import io.caveat.model.KubeProxyConfig;
import io.caveat.model.Node;
import io.caveat.model.PairingProfile;
import io.caveat.model.Pod;
import io.caveat.model.PodOwner;
import io.caveat.model.RuleActor;
import io.caveat.model.RuleReach;
import io.caveat.model.SecurityRule;
import io.caveat.model.Service;
import io.caveat.model.ServiceBackend;
import io.caveat.model.ServicePort;
import io.caveat.model.ServiceReach;
import io.caveat.model.Subject;
import io.caveat.model.VenWorkload;
import io.caveat.model.VirtualService;
import io.caveat.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The limitations' checks as plain loops over the same facts: the benchmark's yardstick, never used by the product.
 * The six of the seed page (KL-001 to KL-006), and the later ones (KL-007 to KL-016) so that the agreement test
 * keeps covering every rule.
 *
 * <p>Mirrors rules/limitations/KL-001..KL-006 (DRL rules and the KL-006 decision table) as they stand: each DRL rule
 * or table row is one check, skipped like the engine skips it when a kind of its @requires is not provided. Drools
 * semantics kept: {@code ==}/{@code !=} are null-safe equals (so {@code x != "full"} holds for a null x),
 * {@code not in} holds for null, {@code matches} is false and {@code not matches} true for null, {@code from collect(...)}
 * with {@code size > 0} is "at least one", unconstrained collects/accumulates always match. Findings merge by
 * rule id + subject, at the highest severity; the rules of one id that can hit the same subject either exclude each
 * other (KL-002's owner and controller rules, KL-003's two, KL-006's table rows) or agree on the severity (KL-002's
 * two C-VEN rules, both info), so each finding's severity is that of any rule that produces it.
 */
final class Baseline {
    private Baseline() {
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
        List<Node> nodes = new ArrayList<>();
        List<RuleActor> actors = new ArrayList<>();
        List<VenWorkload> vens = new ArrayList<>();
        List<IllumioConfig> configs = new ArrayList<>();
        List<ServiceReach> serviceReaches = new ArrayList<>();
        List<FelixConfiguration> felix = new ArrayList<>();
        List<KubeProxyConfig> kubeProxies = new ArrayList<>();
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
            } else if (o instanceof Node n) {
                nodes.add(n);
            } else if (o instanceof RuleActor a) {
                actors.add(a);
            } else if (o instanceof VenWorkload v) {
                vens.add(v);
            } else if (o instanceof IllumioConfig c) {
                configs.add(c);
            } else if (o instanceof ServiceReach r) {
                serviceReaches.add(r);
            } else if (o instanceof FelixConfiguration f) {
                felix.add(f);
            } else if (o instanceof KubeProxyConfig k) {
                kubeProxies.add(k);
            }
        }

        TreeSet<String> out = new TreeSet<>();
        kl001(provided, hosts, profiles, out);
        kl002(provided, pods, owners, workloads, out);
        kl003(provided, rules, reaches, out);
        kl004(provided, containerClusters, workloads, services, ports, backends, virtualServices, reaches, out);
        kl005(provided, clusters, services, out);
        kl006(provided, workloads, services, hosts, out);
        kl007(provided, services, out);
        kl008(provided, nodes, out);
        kl009(provided, judged(containerClusters, hosts), rules, actors, reaches, out);
        kl010(provided, pods, owners, out);
        kl011(provided, vens, nodes, hosts, out);
        kl012(provided, judged(containerClusters, hosts), workloads, configs, out);
        kl013(provided, judged(containerClusters, hosts), rules, actors, serviceReaches, backends, services, out);
        kl014(provided, containerClusters, services, backends, serviceReaches, rules, reaches, actors, hosts, out);
        kl015(provided, workloads, felix, out);
        kl016(provided, workloads, owners, kubeProxies, out);
        return new ArrayList<>(out);
    }

    /**
     * KL-015 (low): Calico's Linux node agents whose chain insert mode is not Append: a non-empty FELIX_CHAININSERTMODE
     * env first (any case), else the default FelixConfiguration (unset or empty = Insert) and nodes' overrides; info
     * per agent when its env comes from a reference, or it has none and there is no default FelixConfiguration.
     */
    private static void kl015(Set<String> provided, List<Workload> workloads, List<FelixConfiguration> felix,
                              Set<String> out) {
        if (!provided.contains("Workload")) {
            return;
        }
        boolean hasDefault = felix.stream().anyMatch(f -> "default".equals(f.name()));
        boolean agentWithoutEnv = false;
        for (Workload w : workloads) {
            if (!calicoAgent(w)) {
                continue;
            }
            String env = w.setting("FELIX_CHAININSERTMODE");
            if (env == null || env.isEmpty()) {
                agentWithoutEnv = true;
                if (!hasDefault) {
                    add(out, "KL-015", "info", w);
                }
            } else if (env.startsWith("(from ")) {
                add(out, "KL-015", "info", w);
            } else if (!isAppend(env)) {
                add(out, "KL-015", "low", w);
            }
        }
        if (!agentWithoutEnv) {
            return;
        }
        for (FelixConfiguration f : felix) {
            String mode = f.chainInsertMode();
            boolean set = mode != null && !mode.isEmpty();
            if ("default".equals(f.name()) && !(set && isAppend(mode)) || f.node() != null && set && !isAppend(mode)) {
                add(out, "KL-015", "low", f);
            }
        }
    }

    private static boolean calicoAgent(Workload w) {
        return "DaemonSet".equals(w.workloadKind())
                && (List.of("calico-node", "canal", "rke2-canal").contains(w.name()) || w.runsImage("calico/node")
                || w.runsImage("tigera/cnx-node") || w.runsImage("rancher/mirrored-calico-node")
                || w.runsImage("rancher/hardened-calico"));
    }

    private static boolean isAppend(String mode) {
        return mode.toLowerCase(Locale.ROOT).equals("append");
    }

    /**
     * KL-016: a C-VEN whose ILO_FW_BACKEND names the other backend than kube-proxy's mode (nftables against iptables,
     * ipvs, userspace or unset; iptables against nftables): medium when kube-proxy runs (a DaemonSet with pods to run,
     * or pods it owns), else info; info when it names one, kube-proxy runs and no ConfigMap tells its mode, or when
     * it takes the backend from a reference and kube-proxy or its ConfigMap is there.
     */
    private static void kl016(Set<String> provided, List<Workload> workloads, List<PodOwner> owners,
                              List<KubeProxyConfig> kubeProxies, Set<String> out) {
        if (!provided.contains("Workload")) {
            return;
        }
        boolean proxyRuns = workloads.stream().anyMatch(w -> "kube-proxy".equals(w.name()) && w.desiredPods() != 0)
                || owners.stream().anyMatch(o -> "kube-proxy".equals(o.name()));
        for (Workload w : workloads) {
            String backend = w.setting("ILO_FW_BACKEND");
            if (!"cven".equals(w.illumioComponent()) || backend == null) {
                continue;
            }
            String named = backend.toLowerCase(Locale.ROOT);
            if (named.equals("nftables") || named.equals("iptables")) {
                for (KubeProxyConfig k : kubeProxies) {
                    String mode = k.mode().toLowerCase(Locale.ROOT);
                    boolean iptables = List.of("", "iptables", "ipvs", "userspace").contains(mode);
                    if (named.equals("nftables") && iptables || named.equals("iptables") && mode.equals("nftables")) {
                        add(out, "KL-016", proxyRuns ? "medium" : "info", w);
                    }
                }
                if (proxyRuns && kubeProxies.isEmpty()) {
                    add(out, "KL-016", "info", w);
                }
            } else if (backend.startsWith("(from ") && (proxyRuns || !kubeProxies.isEmpty())) {
                add(out, "KL-016", "info", w);
            }
        }
    }

    /** KL-007: NodePort Services with externalTrafficPolicy Local. */
    private static void kl007(Set<String> provided, List<Service> services, Set<String> out) {
        if (!provided.contains("Service")) {
            return;
        }
        for (Service s : services) {
            if ("NodePort".equals(s.type()) && "Local".equals(s.externalTrafficPolicy())) {
                add(out, "KL-007", "low", s);
            }
        }
    }

    /** KL-008: per machine-id shared by several nodes, the node first by name. */
    private static void kl008(Set<String> provided, List<Node> nodes, Set<String> out) {
        if (!provided.contains("Node")) {
            return;
        }
        Map<String, List<Node>> byMachine = new HashMap<>();
        for (Node n : nodes) {
            if (n.machineId() != null && !n.machineId().isEmpty()) {
                byMachine.computeIfAbsent(n.machineId(), k -> new ArrayList<>()).add(n);
            }
        }
        for (List<Node> same : byMachine.values()) {
            if (same.size() > 1) {
                Node first = same.get(0);
                for (Node n : same) {
                    if (n.name().compareTo(first.name()) < 0) {
                        first = n;
                    }
                }
                add(out, "KL-008", "high", first);
            }
        }
    }

    /**
     * KL-014: for Kubelink 5.1.x (info when the version is unknown), rules from outside the cluster (an IP list, or
     * sources reaching no pod) to a NodePort Service whose sources leave out a container host of the cluster.
     */
    private static void kl014(Set<String> provided, List<ContainerCluster> clusters, List<Service> services,
                              List<ServiceBackend> backends, List<ServiceReach> serviceReaches,
                              List<SecurityRule> rules, List<RuleReach> reaches, List<RuleActor> actors,
                              List<ContainerHost> hosts, Set<String> out) {
        if (!provided.containsAll(List.of("Service", "ServiceBackend", "VirtualService", "SecurityRule", "RuleActor",
                "ContainerCluster", "ContainerHost", "Pod", "ContainerWorkloadProfile", "Label"))) {
            return;
        }
        Set<String> nodePorts = new HashSet<>();
        for (Service s : services) {
            if ("NodePort".equals(s.type())) {
                nodePorts.add(s.key());
            }
        }
        Set<String> nodePortServices = new HashSet<>();
        for (ServiceBackend b : backends) {
            if (nodePorts.contains(b.service())) {
                nodePortServices.add(b.virtualService());
            }
        }
        Set<String> toNodePort = new HashSet<>();
        for (ServiceReach r : serviceReaches) {
            if ("providers".equals(r.side()) && nodePortServices.contains(r.virtualService())) {
                toNodePort.add(r.rule());
            }
        }
        Set<String> ipLists = new HashSet<>();
        for (RuleActor a : actors) {
            if ("consumers".equals(a.side()) && "ip_list".equals(a.type())) {
                ipLists.add(a.rule());
            }
        }
        Map<String, SecurityRule> byHref = new HashMap<>();
        rules.forEach(r -> byHref.put(r.href(), r));
        for (ContainerCluster c : clusters) {
            String severity = !c.kubelinkVersionKnown() ? "info"
                    : !c.kubelinkBefore("5.1.0") && c.kubelinkBefore("5.2.0") ? "medium" : null;
            List<ContainerHost> ofCluster = new ArrayList<>();
            for (ContainerHost h : hosts) {
                if (c.href().equals(h.clusterHref())) {
                    ofCluster.add(h);
                }
            }
            if (severity == null || ofCluster.isEmpty()) {
                continue;
            }
            for (RuleReach r : reaches) {
                SecurityRule rule = byHref.get(r.rule());
                if (!"consumers".equals(r.side()) || rule == null || !rule.enabled() || !toNodePort.contains(r.rule())
                        || r.allWorkloads() || r.allContainerHosts()
                        || !(r.pods() == 0 || ipLists.contains(r.rule()))) {
                    continue;
                }
                for (ContainerHost h : ofCluster) {
                    if (!r.containerHosts().contains(h.node())) {
                        add(out, "KL-014", severity, rule);
                        break;
                    }
                }
            }
        }
    }

    /** KL-013: in CLAS (or migrating to it), rules reaching ClusterIP Services as virtual services. */
    private static void kl013(Set<String> provided, List<ContainerCluster> clusters, List<SecurityRule> rules,
                              List<RuleActor> actors, List<ServiceReach> reaches, List<ServiceBackend> backends,
                              List<Service> services, Set<String> out) {
        if (!provided.containsAll(List.of("ContainerCluster", "SecurityRule", "RuleActor", "ServiceBackend", "Service",
                "VirtualService"))) {
            return;
        }
        boolean clas = false;
        for (ContainerCluster c : clusters) {
            clas |= c.clusterMode() != null && c.clusterMode().matches("(?i)clas|migrateLegacyToClas");
        }
        if (!clas) {
            return;
        }
        Set<String> clusterIp = new HashSet<>();
        for (Service s : services) {
            if ("ClusterIP".equals(s.type())) {
                clusterIp.add(s.key());
            }
        }
        Set<String> clusterIpServices = new HashSet<>();
        for (ServiceBackend b : backends) {
            if (clusterIp.contains(b.service())) {
                clusterIpServices.add(b.virtualService());
            }
        }
        Set<String> flagged = new HashSet<>();
        for (RuleActor a : actors) {
            if ("providers".equals(a.side()) && "virtual_service".equals(a.type()) && clusterIpServices.contains(a.ref())) {
                flagged.add(a.rule());
            }
        }
        Set<String> reaching = new HashSet<>();
        for (ServiceReach r : reaches) {
            if ("providers".equals(r.side()) && clusterIpServices.contains(r.virtualService())) {
                reaching.add(r.rule());
            }
        }
        for (SecurityRule r : rules) {
            if (r.enabled() && (flagged.contains(r.href())
                    || reaching.contains(r.href()) && !r.providersResolveAs().contains("workloads"))) {
                add(out, "KL-013", "high", r);
            }
        }
    }

    /** KL-012: CLAS clusters on a flat network with Kubelink before 5.2.0 (high), or its version unknown (info). */
    private static void kl012(Set<String> provided, List<ContainerCluster> clusters, List<Workload> workloads,
                              List<IllumioConfig> configs, Set<String> out) {
        if (!provided.contains("ContainerCluster")) {
            return;
        }
        boolean flatKubelink = false;
        for (IllumioConfig c : configs) {
            flatKubelink |= "flat".equals(c.data().get("networkType"));
        }
        for (Workload w : workloads) {
            flatKubelink |= "kubelink".equals(w.illumioComponent()) && "flat".equals(w.setting("NETWORK_TYPE"));
        }
        for (ContainerCluster c : clusters) {
            boolean clas = c.clusterMode() != null && c.clusterMode().matches("(?i)clas");
            if (!clas || !(flatKubelink || "flat".equals(c.networkType()))) {
                continue;
            }
            if (c.kubelinkBefore("5.2.0")) {
                add(out, "KL-012", "high", c);
            } else if (!c.kubelinkVersionKnown()) {
                add(out, "KL-012", "info", c);
            }
        }
    }

    /** KL-011: nodes paired with a plain VEN whose containers inherit the host policy. */
    private static void kl011(Set<String> provided, List<VenWorkload> vens, List<Node> nodes,
                              List<ContainerHost> hosts, Set<String> out) {
        if (!provided.containsAll(List.of("VenWorkload", "Node"))) {
            return;
        }
        Map<String, Node> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Set<String> withCven = new HashSet<>();
        hosts.forEach(h -> withCven.add(h.node()));
        for (VenWorkload v : vens) {
            if (v.containersInheritHostPolicy() && v.node() != null && byName.containsKey(v.node())
                    && !withCven.contains(v.node())) {
                add(out, "KL-011", "high", byName.get(v.node()));
            }
        }
    }

    /** KL-010: owners of running or pending pods off the host network that bind a hostPort. */
    private static void kl010(Set<String> provided, List<Pod> pods, List<PodOwner> owners, Set<String> out) {
        if (!provided.contains("Pod")) {
            return;
        }
        Set<String> exposing = new HashSet<>();
        for (Pod p : pods) {
            if (!p.hostNetwork() && !p.hostPorts().isEmpty() && !"Succeeded".equals(p.phase())
                    && !"Failed".equals(p.phase())) {
                exposing.add(p.ownerKey());
            }
        }
        for (PodOwner o : owners) {
            if (exposing.contains(o.key())) {
                add(out, "KL-010", "medium", o);
            }
        }
    }

    /** KL-009: in a CLAS cluster, enabled rules with All Workloads among their providers. */
    private static void kl009(Set<String> provided, List<ContainerCluster> clusters, List<SecurityRule> rules,
                              List<RuleActor> actors, List<RuleReach> reaches, Set<String> out) {
        if (!provided.containsAll(List.of("ContainerCluster", "SecurityRule", "RuleActor", "RuleReach", "Pod",
                "ContainerWorkloadProfile", "Label"))) {
            return;
        }
        Set<String> reachCluster = new HashSet<>();
        for (RuleReach r : reaches) {
            if ("providers".equals(r.side()) && (r.allWorkloads() || r.pods() > 0)) {
                reachCluster.add(r.rule());
            }
        }
        boolean clas = false;
        for (ContainerCluster c : clusters) {
            clas |= c.clusterMode() != null && c.clusterMode().equalsIgnoreCase("clas");
        }
        if (!clas) {
            return;
        }
        Set<String> toAll = new HashSet<>();
        for (RuleActor a : actors) {
            if ("providers".equals(a.side()) && "ams".equals(a.type()) && !a.exclusion()) {
                toAll.add(a.rule());
            }
        }
        for (SecurityRule r : rules) {
            if (r.enabled() && toAll.contains(r.href()) && reachCluster.contains(r.href())) {
                add(out, "KL-009", "medium", r);
            }
        }
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
                if ("cven".equals(w.illumioComponent())) {
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
            // Workload( hostNetwork, illumioComponent == null, desiredPods != 0 ), not Pod( of it )
            for (Workload w : workloads) {
                if (w.hostNetwork() && w.illumioComponent() == null && w.desiredPods() != 0
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
            String component = w.illumioComponent();
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
                if ("cven".equals(w.illumioComponent()) && "true".equalsIgnoreCase(w.setting("ILO_NODEPORT_DISABLE"))) {
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

    /** The clusters a rule judges: those whose container hosts are in the snapshot, or the only one. */
    private static List<ContainerCluster> judged(List<ContainerCluster> clusters, List<ContainerHost> hosts) {
        Set<String> withHosts = new HashSet<>();
        hosts.forEach(h -> withHosts.add(h.clusterHref()));
        List<ContainerCluster> out = new ArrayList<>();
        for (ContainerCluster c : clusters) {
            if (withHosts.contains(c.href()) || clusters.size() == 1) {
                out.add(c);
            }
        }
        return out;
    }

    private static void add(Set<String> out, String id, String severity, Fact subject) {
        out.add(id + " " + severity + " " + new Subject(subject.kind(), subject.namespace(), subject.name()));
    }
}
