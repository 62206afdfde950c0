package io.caveat.model;

import java.util.Set;

/**
 * What one side of a security rule reaches in this cluster, resolved with Illumio's label semantics
 * (derived by caveat, not read from the PCE).
 *
 * @param side            consumers or providers
 * @param ruleEnabled     the rule and its rule set are enabled
 * @param allWorkloads    the side names All Workloads (ams) and no rule set scope narrows it
 * @param allContainerHosts the side names all container hosts (container_host)
 * @param containerHosts  the container hosts it reaches, by node name
 * @param namespaces      namespaces with container workloads (pods of managed namespaces) it reaches
 * @param pods            how many pods it reaches
 * @param virtualServices hrefs of the cluster's virtual services (those with a service backend) it reaches
 * @param ipListHosts     container hosts (node names) whose node address is in one of the side's IP lists
 * @param hostsNamedOutsideScope    container hosts the side names as workloads but its rule set's scope leaves out:
 *                                  reached only if a scope does not filter named actors (UNCONFIRMED)
 * @param servicesNamedOutsideScope the same for the cluster's virtual services it names
 * @param kubernetesServices Services (namespace/name) whose CLAS Kubernetes Workloads carry the side's labels
 *                           within its scope, whatever the side resolves labels as
 */
public record RuleReach(String rule, String side, boolean ruleEnabled, boolean allWorkloads,
                        boolean allContainerHosts, Set<String> containerHosts,
                        Set<String> namespaces, int pods, Set<String> virtualServices, Set<String> ipListHosts,
                        Set<String> hostsNamedOutsideScope, Set<String> servicesNamedOutsideScope,
                        Set<String> kubernetesServices) implements Fact {
    public RuleReach {
        containerHosts = Immutable.set(containerHosts);
        namespaces = Immutable.set(namespaces);
        virtualServices = Immutable.set(virtualServices);
        ipListHosts = Immutable.set(ipListHosts);
        hostsNamedOutsideScope = Immutable.set(hostsNamedOutsideScope);
        servicesNamedOutsideScope = Immutable.set(servicesNamedOutsideScope);
        kubernetesServices = Immutable.set(kubernetesServices);
    }

    @Override
    public String key() {
        return rule + "#" + side;
    }

    @Override
    public String name() {
        return key();
    }

    /**
     * What this side reaches, as one phrase: "consumers reach All Workloads, container hosts a, b, 8 pods in app1,
     * 2 virtual services of the cluster".
     */
    public String summary() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (allWorkloads) {
            parts.add("All Workloads");
        }
        if (allContainerHosts) {
            parts.add("all container hosts");
        }
        if (!containerHosts.isEmpty()) {
            parts.add("container hosts " + Messages.list(containerHosts));
        }
        if (pods > 0) {
            parts.add(Messages.count(pods, "pod") + " in " + Messages.list(namespaces));
        }
        if (!virtualServices.isEmpty()) {
            parts.add(Messages.count(virtualServices.size(), "virtual service") + " of the cluster");
        }
        return side + " reach " + String.join(", ", parts);
    }

    /** True when it names container hosts or virtual services of the cluster that its rule set's scope leaves out. */
    public boolean namedOutsideScope() {
        return !hostsNamedOutsideScope.isEmpty() || !servicesNamedOutsideScope.isEmpty();
    }

    /**
     * What it names outside its scope, as one phrase: "providers name container hosts a, b and 1 virtual service
     * of the cluster outside the rule set's scope".
     */
    public String outsideScopeSummary() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (!hostsNamedOutsideScope.isEmpty()) {
            parts.add("container hosts " + Messages.list(hostsNamedOutsideScope));
        }
        if (!servicesNamedOutsideScope.isEmpty()) {
            parts.add(Messages.count(servicesNamedOutsideScope.size(), "virtual service") + " of the cluster");
        }
        return side + " name " + String.join(" and ", parts) + " outside the rule set's scope";
    }

    /** True when this side reaches container hosts: all workloads, all container hosts, or some by name. */
    public boolean reachesHosts() {
        return allWorkloads || allContainerHosts || !containerHosts.isEmpty();
    }

    /** True when this side reaches one of these nodes' container hosts (or all hosts). */
    public boolean reachesAnyHostOf(java.util.Collection<String> nodes) {
        if (allWorkloads || allContainerHosts) {
            return true;
        }
        for (String node : nodes) {
            if (containerHosts.contains(node)) {
                return true;
            }
        }
        return false;
    }

    /** True when this side reaches anything running in the cluster. */
    public boolean reachesKubernetes() {
        return allWorkloads || allContainerHosts || !containerHosts.isEmpty() || pods > 0 || !virtualServices.isEmpty();
    }
}
