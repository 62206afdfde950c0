package io.caveat.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Illumio's label semantics, one case per statement of PolicyResolver's contract. */
class PolicyResolverTest {
    private static final String WEB = "/orgs/1/labels/1";
    private static final String DB = "/orgs/1/labels/2";
    private static final String PROD = "/orgs/1/labels/3";
    private static final String DEV = "/orgs/1/labels/4";
    private static final String APP = "/orgs/1/labels/5";
    private static final String NODE = "/orgs/1/labels/6";
    private static final String RS = "/orgs/1/sec_policy/active/rule_sets/1";
    private static final String RULE = RS + "/sec_rules/1";

    private final List<Object> facts = new ArrayList<>(List.of(
            new Label(WEB, "role", "Web"), new Label(DB, "role", "DB"), new Label(PROD, "env", "Prod"),
            new Label(DEV, "env", "Dev"), new Label(APP, "app", "Shop"), new Label(NODE, "role", "Node"),
            new ContainerHost("/orgs/1/workloads/h1", "node-1", "node-1", "/cc", "full", "active", null, null, true, Map.of(),
                    Set.of(NODE, PROD)),
            new ContainerHost("/orgs/1/workloads/h2", "node-2", "node-2", "/cc", "full", "active", null, null, true, Map.of(),
                    Set.of(NODE, DEV)),
            profile("shop", true, Map.of("app", APP, "env", PROD), Map.of("role", Set.of(WEB, DB))),
            profile("dev", true, Map.of("env", DEV), Map.of()),
            profile("off", false, Map.of("env", PROD), Map.of()),
            pod("shop", "web-1", Map.of("role", "Web")),
            pod("shop", "web-2", Map.of("role", "Web")),
            pod("shop", "db-1", Map.of("role", "DB")),
            pod("shop", "rogue-1", Map.of("role", "Node")),
            pod("dev", "web-1", Map.of("role", "Web")),
            pod("off", "web-1", Map.of("role", "Web")),
            hostNetworkPod("shop", "exporter-1")));

    @Test
    void allWorkloadsReachesHostsAndEveryContainerWorkloadButNotUnmanagedOrHostNetworkPods() {
        RuleReach consumers = reach(List.of(actor("consumers", "ams", null, null, false)), "consumers");
        assertThat(consumers.allWorkloads()).isTrue();
        assertThat(consumers.containerHosts()).containsExactly("node-1", "node-2");
        assertThat(consumers.namespaces()).containsExactly("dev", "shop");
        assertThat(consumers.pods()).isEqualTo(5);
    }

    @Test
    void labelsAreAndedAcrossKeysAndOredWithinAKey() {
        RuleReach webOrDbInProd = reach(List.of(actor("providers", "label", WEB, "role", false),
                actor("providers", "label", DB, "role", false),
                actor("providers", "label", PROD, "env", false)), "providers");
        assertThat(webOrDbInProd.namespaces()).containsExactly("shop");
        assertThat(webOrDbInProd.pods()).isEqualTo(3);
        assertThat(webOrDbInProd.containerHosts()).isEmpty();
    }

    @Test
    void anAnnotationOutsideTheProfilesRestrictionGivesNoLabel() {
        RuleReach nodes = reach(List.of(actor("providers", "label", NODE, "role", false)), "providers");
        assertThat(nodes.containerHosts()).containsExactly("node-1", "node-2");
        assertThat(nodes.pods()).as("shop/rogue-1 asks for role=Node, which shop's profile does not allow").isZero();
    }

    @Test
    void labelGroupsExpandAndExclusionsSubtract() {
        facts.add(new LabelGroup("/orgs/1/sec_policy/active/label_groups/g", "envs", "env", Set.of(PROD, DEV)));
        RuleReach reach = reach(List.of(actor("providers", "label_group", "/orgs/1/sec_policy/active/label_groups/g",
                "env", false), actor("providers", "label", DB, "role", true)), "providers");
        assertThat(reach.containerHosts()).as("hosts carry env Prod/Dev and role=Node, another role than DB")
                .containsExactly("node-1", "node-2");
        assertThat(reach.pods()).as("shop web-1, web-2 and dev web-1 carry another role; db-1 is excluded; "
                + "rogue-1 has no role label").isEqualTo(3);
    }

    @Test
    void anExclusionAloneReachesWorkloadsWithAnotherLabelOfThatType() {
        RuleReach allButDb = reach(List.of(actor("providers", "label", DB, "role", true)), "providers");
        assertThat(allButDb.containerHosts()).as("role=Node is another role").containsExactly("node-1", "node-2");
        assertThat(allButDb.pods()).as("the three web pods; not db-1, not rogue-1 without a role").isEqualTo(3);
    }

    @Test
    void scopeExclusionsKeepOutWhatTheyName() {
        facts.add(new RuleSetScope(RS, 0, List.of(), List.of(DEV), "NOT env=Dev"));
        RuleReach reach = reach(List.of(actor("providers", "ams", null, null, false)), "providers");
        assertThat(reach.containerHosts()).containsExactly("node-1");
        assertThat(reach.namespaces()).containsExactly("shop");
    }

    @Test
    void scopesRestrictBothSidesUnlessConsumersAreUnscoped() {
        facts.add(new RuleSetScope(RS, 0, List.of(PROD), List.of(), "env=Prod"));
        List<RuleActor> actors = List.of(actor("consumers", "ams", null, null, false),
                actor("providers", "ams", null, null, false));
        assertThat(reach(actors, "consumers", false).containerHosts()).containsExactly("node-1");
        assertThat(reach(actors, "consumers", true).containerHosts()).containsExactly("node-1", "node-2");
        assertThat(reach(actors, "providers", true).containerHosts()).containsExactly("node-1");
    }

    @Test
    void containerHostActorAndLabelsResolvedAsVirtualServices() {
        facts.add(new VirtualService("/vs/1", "web-svc", Map.of(), Set.of(WEB, APP)));
        facts.add(new VirtualService("/vs/2", "not-in-cluster", Map.of(), Set.of(WEB, APP)));
        facts.add(new ServiceBackend("shop", "web-svc", "Service", "/vs/1", "web-svc"));
        RuleReach providers = reach(List.of(actor("providers", "label", WEB, "role", false)), "providers",
                false, Set.of("virtual_services"));
        assertThat(providers.virtualServices()).containsExactly("/vs/1");
        assertThat(providers.pods()).as("labels resolved as virtual services only reach no pod").isZero();
        facts.add(new RuleSetScope(RS, 0, List.of(PROD), List.of(), "env=Prod"));
        RuleReach consumers = reach(List.of(actor("consumers", "container_host", null, null, false)), "consumers");
        assertThat(consumers.allContainerHosts()).isTrue();
        assertThat(consumers.containerHosts()).as("container_host is extra-scope by definition")
                .containsExactly("node-1", "node-2");
    }

    @Test
    void namedActorsOutsideTheScopeAreKeptApartNotReached() {
        facts.add(new VirtualService("/vs/1", "web-svc", Map.of(), Set.of(WEB, APP, DEV)));
        facts.add(new ServiceBackend("shop", "web-svc", "Service", "/vs/1", "web-svc"));
        facts.add(new RuleSetScope(RS, 0, List.of(PROD), List.of(), "env=Prod"));
        RuleReach providers = reach(List.of(actor("providers", "workload", "/orgs/1/workloads/h1", null, false),
                actor("providers", "workload", "/orgs/1/workloads/h2", null, false),
                actor("providers", "virtual_service", "/vs/1", null, false)), "providers");
        assertThat(providers.containerHosts()).containsExactly("node-1");
        assertThat(providers.hostsNamedOutsideScope()).as("node-2 is env=Dev").containsExactly("node-2");
        assertThat(providers.virtualServices()).isEmpty();
        assertThat(providers.servicesNamedOutsideScope()).containsExactly("/vs/1");
        assertThat(providers.namedOutsideScope()).isTrue();
        assertThat(providers.outsideScopeSummary())
                .isEqualTo("providers name container hosts node-2 and 1 virtual service of the cluster outside the"
                        + " rule set's scope");
    }

    @Test
    void servicesGetTheirKubernetesWorkloadLabelsFromProfileAndAnnotationsWhateverTheSideResolvesAs() {
        facts.add(service("shop", "web", Map.of("role", "Web")));
        facts.add(service("shop", "rogue", Map.of("role", "Node")));
        facts.add(service("off", "web", Map.of("role", "Web")));
        RuleReach providers = reach(List.of(actor("providers", "label", WEB, "role", false),
                actor("providers", "label", APP, "app", false)), "providers", false, Set.of("virtual_services"));
        assertThat(providers.kubernetesServices())
                .as("shop/rogue asks for a label its profile does not allow; off is not managed")
                .containsExactly("shop/web");
        assertThat(providers.pods()).isZero();
    }

    @Test
    void aWorkloadLabelMapOverwritesTheServicesOtherLabels() {
        facts.add(new Service("shop", "db", "ClusterIP", "172.30.0.2", null, false, Map.of(),
                Map.of("tier", "database"), Map.of("role", "Web")));
        facts.add(new Service("shop", "cache", "ClusterIP", "172.30.0.3", null, false, Map.of(),
                Map.of("tier", "memcache"), Map.of("role", "Web")));
        facts.add(new LabelMapping("default", "workload", "tier", "role", Map.of("database", "DB")));
        RuleReach db = reach(List.of(actor("providers", "label", DB, "role", false)), "providers", false,
                Set.of("virtual_services"));
        assertThat(db.kubernetesServices()).as("tier=database maps to role=DB over the annotation's role=Web")
                .containsExactly("shop/db");
        RuleReach web = reach(List.of(actor("providers", "label", WEB, "role", false)), "providers", false,
                Set.of("virtual_services"));
        assertThat(web.kubernetesServices()).as("tier=memcache is not in the valuesMap: the annotation stands")
                .containsExactly("shop/cache");
    }

    @Test
    void anIpListReachesTheHostsWhoseNodeAddressItHolds() {
        facts.add(new Node("node-1", false, "10.0.0.5", "m1", null, Map.of()));
        facts.add(new Node("node-2", false, "10.0.1.5", "m2", null, Map.of()));
        facts.add(new IpList("/orgs/1/sec_policy/active/ip_lists/2", "nodes-a", Set.of("10.0.0.0/24"), Set.of(), 0));
        facts.add(new IpList("/orgs/1/sec_policy/draft/ip_lists/1", "Any", Set.of("0.0.0.0/0", "::/0"), Set.of(), 0));
        assertThat(reach(List.of(actor("consumers", "ip_list", "/orgs/1/sec_policy/active/ip_lists/2", null, false)),
                "consumers").ipListHosts()).containsExactly("node-1");
        assertThat(reach(List.of(actor("consumers", "ip_list", "/orgs/1/sec_policy/active/ip_lists/1", null, false)),
                "consumers").ipListHosts()).as("a draft-only export of the active list's id").containsExactly(
                "node-1", "node-2");
    }

    private RuleReach reach(List<RuleActor> actors, String side) {
        return reach(actors, side, false);
    }

    private RuleReach reach(List<RuleActor> actors, String side, boolean unscoped) {
        return reach(actors, side, unscoped, Set.of("workloads"));
    }

    private RuleReach reach(List<RuleActor> actors, String side, boolean unscoped, Set<String> resolveAs) {
        List<Object> all = new ArrayList<>(facts);
        all.add(new SecurityRule(RULE, RS, "RS", true, false, unscoped, resolveAs, Set.of("workloads"), ""));
        all.addAll(actors);
        return PolicyResolver.resolve(all).stream().filter(r -> r.side().equals(side)).findFirst().orElseThrow();
    }

    private static RuleActor actor(String side, String type, String ref, String key, boolean exclusion) {
        return new RuleActor(RULE, side, type, ref, key, exclusion, type);
    }

    private static ContainerWorkloadProfile profile(String namespace, boolean managed, Map<String, String> assigned,
                                                    Map<String, Set<String>> restricted) {
        return new ContainerWorkloadProfile("/cc/container_workload_profiles/" + namespace, "/cc", namespace, managed,
                "full", assigned, restricted);
    }

    private static Pod pod(String namespace, String name, Map<String, String> illumio) {
        return new Pod(namespace, name, "node-1", false, "Pod", name, "Running", Map.of(), illumio, java.util.Set.of());
    }

    private static Service service(String namespace, String name, Map<String, String> illumio) {
        return new Service(namespace, name, "ClusterIP", "172.30.0.1", null, false, Map.of(), Map.of(), illumio);
    }

    private static Pod hostNetworkPod(String namespace, String name) {
        return new Pod(namespace, name, "node-1", true, "Pod", name, "Running", Map.of(), Map.of(), java.util.Set.of());
    }
}
