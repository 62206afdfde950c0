package io.caveat.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caveat.TestPaths;
import io.caveat.model.Cluster;
import io.caveat.model.ContainerCluster;
import io.caveat.model.ContainerWorkloadProfile;
import io.caveat.model.FelixConfiguration;
import io.caveat.model.IllumioConfig;
import io.caveat.model.KubeProxyConfig;
import io.caveat.model.IpList;
import io.caveat.model.Label;
import io.caveat.model.LabelGroup;
import io.caveat.model.Node;
import io.caveat.model.PairingProfile;
import io.caveat.model.Pod;
import io.caveat.model.PodOwner;
import io.caveat.model.RuleActor;
import io.caveat.model.SecurityRule;
import io.caveat.model.ServicePort;
import io.caveat.model.VirtualServicePort;
import io.caveat.model.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theAwsMustGatherYieldsItsEightyHostNetworkPodsGroupedByOwner() throws IOException {
        copyRealdata("kubernetes/mg-aws_pods_all-namespaces.yaml", "kubernetes/mg-aws_nodes.yaml",
                "kubernetes/mg-aws_namespaces.yaml", "kubernetes/mg-aws_services_all-namespaces.yaml",
                "kubernetes/mg-aws_daemonsets_all-namespaces.yaml", "kubernetes/mg-aws_deployments_all-namespaces.yaml");
        Snapshot snapshot = SnapshotLoader.load(dir);

        List<Pod> hostNetwork = of(snapshot, Pod.class).stream().filter(Pod::hostNetwork).toList();
        assertThat(of(snapshot, Pod.class)).hasSize(239);
        assertThat(hostNetwork).hasSize(80);
        Map<String, Long> byOwner = hostNetwork.stream()
                .collect(Collectors.groupingBy(Pod::ownerKey, Collectors.counting()));
        assertThat(byOwner).containsEntry("openshift-sdn/DaemonSet/sdn", 6L)
                .containsEntry("openshift-etcd/StaticPod/etcd", 3L);
        Set<String> owners = of(snapshot, PodOwner.class).stream().map(PodOwner::key).collect(Collectors.toSet());
        assertThat(owners).containsAll(byOwner.keySet());
        assertThat(of(snapshot, Node.class)).hasSize(6).filteredOn(Node::controlPlane).hasSize(3);
        assertThat(of(snapshot, Node.class)).allSatisfy(n -> assertThat(n.machineId()).hasSize(32));
        assertThat(snapshot.summary().problems()).isEmpty();
        assertThat(snapshot.summary().provided()).contains("Pod", "Service", "Node", "Namespace", "Workload");
    }

    @Test
    void podsWithTheSameLabelsShareOneCopyOfThem() throws IOException {
        copyRealdata("kubernetes/mg-aws_pods_all-namespaces.yaml");
        List<Pod> pods = of(SnapshotLoader.load(dir), Pod.class);
        Map<Map<String, String>, List<Pod>> byLabels = pods.stream().filter(p -> !p.labels().isEmpty())
                .collect(Collectors.groupingBy(Pod::labels));
        assertThat(byLabels.values()).anySatisfy(same -> assertThat(same).hasSizeGreaterThan(1))
                .allSatisfy(same -> assertThat(same).allSatisfy(p -> assertThat(p.labels())
                        .isSameAs(same.get(0).labels())));
        assertThat(pods.get(0).labels()).isUnmodifiable();
    }

    @Test
    void mixedProtocolServicesOfTheMustGatherAreRead() throws IOException {
        copyRealdata("kubernetes/mg-aws_services_all-namespaces.yaml");
        Snapshot snapshot = SnapshotLoader.load(dir);
        Set<String> dnsProtocols = of(snapshot, ServicePort.class).stream()
                .filter(p -> p.service().equals("openshift-dns/dns-default")).map(ServicePort::protocol)
                .collect(Collectors.toSet());
        assertThat(dnsProtocols).containsExactlyInAnyOrder("TCP", "UDP");
        Map<String, Set<String>> protocolsByService = of(snapshot, ServicePort.class).stream()
                .collect(Collectors.groupingBy(ServicePort::service,
                        Collectors.mapping(ServicePort::protocol, Collectors.toSet())));
        assertThat(protocolsByService.values().stream().filter(p -> p.size() > 1)).hasSize(2);
    }

    @Test
    void openShiftNetworkObjectsGiveTheNetworkTypeInEveryExportForm() throws IOException {
        copyRealdata("openshift/mg-aws_networks.config.openshift.io.yaml",
                "openshift/mg-aws_networks.operator.openshift.io_cluster.yaml");
        Cluster cluster = of(SnapshotLoader.load(dir), Cluster.class).get(0);
        assertThat(cluster.platform()).isEqualTo("openshift");
        assertThat(cluster.networkType()).isEqualTo("OpenShiftSDN");
        assertThat(cluster.networkTypeSource()).isEqualTo("networks.config.openshift.io status.networkType");
        assertThat(cluster.joinSubnet()).isEqualTo("100.64.0.0/16");

        // The insights-operator archive form has neither kind nor apiVersion.
        Snapshot insights = SnapshotLoader.load(TestPaths.realdata("openshift/insights-sample_network.config.json"));
        assertThat(of(insights, Cluster.class).get(0).networkType()).isEqualTo("OpenShiftSDN");
    }

    @Test
    void anOvnJoinSubnetIsTakenFromTheOperatorConfig() throws IOException {
        Files.writeString(dir.resolve("network.yaml"), """
                apiVersion: operator.openshift.io/v1
                kind: Network
                metadata: {name: cluster}
                spec:
                  defaultNetwork:
                    type: OVNKubernetes
                    ovnKubernetesConfig:
                      ipv4: {internalJoinSubnet: 100.99.0.0/16}
                """);
        Cluster cluster = of(SnapshotLoader.load(dir), Cluster.class).get(0);
        assertThat(cluster.networkType()).isEqualTo("OVNKubernetes");
        assertThat(cluster.joinSubnet()).isEqualTo("100.99.0.0/16");
        assertThat(cluster.joinSubnetSource()).contains("internalJoinSubnet");
    }

    @Test
    void pceCollectionsAreRecognisedByHrefNotByFileName() throws IOException {
        Path illumio = TestPaths.realdata("illumio");
        int i = 0;
        for (String name : List.of("pce-api_rule_sets.json", "pce-api_rules.json", "pce-api_label_groups.json",
                "pce-api_pairing_profiles.json", "pce-api_container_clusters.json",
                "pce-api_container_workload_profiles.json", "pce-api_virtual_services.json",
                "pce-api_workloads.json", "pce-api_vens.json", "pce-api_services.json", "pce-api_ip_lists.json")) {
            Files.copy(illumio.resolve(name), dir.resolve("export-" + (i++) + ".json"));
        }
        Snapshot snapshot = SnapshotLoader.load(dir);

        assertThat(of(snapshot, ContainerCluster.class)).extracting(ContainerCluster::clusterMode)
                .containsOnly("legacy");
        assertThat(of(snapshot, ContainerWorkloadProfile.class)).hasSize(9)
                .anySatisfy(p -> assertThat(p.namespace()).isEqualTo("kube-system"));
        assertThat(of(snapshot, PairingProfile.class)).hasSize(3);
        assertThat(of(snapshot, LabelGroup.class)).hasSize(2);
        assertThat(of(snapshot, VirtualServicePort.class)).extracting(VirtualServicePort::name)
                .contains("1234/TCP", "80/UDP");
        assertThat(of(snapshot, SecurityRule.class)).isNotEmpty().allSatisfy(r -> assertThat(r.href())
                .contains("/sec_policy/draft/"));
        assertThat(of(snapshot, RuleActor.class)).anySatisfy(a -> assertThat(a.type()).isEqualTo("ams"));
        // illumio-py's workloads and vens are plain (not container) hosts: counted, not kept.
        assertThat(snapshot.summary().skipped()).containsKey("PCE workload (not a container host)")
                .containsKey("PCE vens").containsKey("PCE services");
        // IP lists come as draft and active: the active ones are the facts, their ranges as the PCE writes them.
        assertThat(of(snapshot, IpList.class)).extracting(IpList::name)
                .containsExactlyInAnyOrder("Any (0.0.0.0/0 and ::/0)", "IPL-4");
        assertThat(of(snapshot, IpList.class)).filteredOn(l -> l.name().startsWith("Any")).singleElement()
                .satisfies(any -> assertThat(any.covers("10.0.0.1")).isTrue());
        assertThat(of(snapshot, IpList.class)).filteredOn(l -> l.name().equals("IPL-4")).singleElement()
                .satisfies(l -> assertThat(l.includes()).containsExactly("27.194.210.171", "40.159.122.194"));
        assertThat(snapshot.summary().notes()).anyMatch(n -> n.startsWith("only draft policy found"));
        assertThat(snapshot.summary().provided()).contains("SecurityRule", "ContainerCluster", "PairingProfile",
                "ContainerHost", "RuleReach", "IpList");
    }

    @Test
    void activePolicyWinsOverDraft() throws IOException {
        String rule = """
                {"href": "/orgs/1/sec_policy/%s/rule_sets/7", "name": "RS", "enabled": true, "scopes": [[]],
                 "rules": [{"href": "/orgs/1/sec_policy/%s/rule_sets/7/sec_rules/1", "enabled": true,
                            "stateless": %s, "providers": [{"actors": "ams"}], "consumers": [{"actors": "ams"}]}]}
                """;
        Files.writeString(dir.resolve("a.json"), "[" + rule.formatted("draft", "draft", "true") + "]");
        Files.writeString(dir.resolve("b.json"), "[" + rule.formatted("active", "active", "false") + "]");
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(of(snapshot, SecurityRule.class)).singleElement()
                .satisfies(r -> assertThat(r.stateless()).isFalse());
        assertThat(snapshot.summary().notes()).anyMatch(n -> n.contains("draft policy objects ignored"));
    }

    @Test
    void aMalformedFileIsReportedWithLineAndColumnAndItsKindIsNotProvided() throws IOException {
        Files.writeString(dir.resolve("pods.json"), """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "namespace": "n"},
                   "spec": {"hostNetwork": true, "nodeName": "w1", "containers": []}},
                  {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b" "namespace": "n"}}
                ]}
                """);
        Files.writeString(dir.resolve("services.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: s, namespace: n}
                spec: {ports: [{port: 80}]}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).singleElement()
                .satisfies(p -> assertThat(p).startsWith("pods.json:4:").contains("Unexpected character"));
        assertThat(snapshot.summary().provided()).contains("Service").doesNotContain("Pod");
        assertThat(of(snapshot, Pod.class)).isEmpty();
    }

    @Test
    void aMalformedYamlFileIsReportedWithItsLine() throws IOException {
        Files.writeString(dir.resolve("nodes.yaml"), "apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata: [\n");
        assertThat(SnapshotLoader.load(dir).summary().problems()).singleElement()
                .satisfies(p -> assertThat(p).matches("nodes\\.yaml:\\d+:\\d+: .+"));
    }

    @Test
    void illumiosSettingsAreKeptOnIllumiosWorkloadsOnlyNotOnAnAppNamedLikeIt() throws IOException {
        Files.writeString(dir.resolve("workloads.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: illumio-dashboard, namespace: shop}
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: example.com/illumio-dashboard:1.0
                        env: [{name: CLUSTER_MODE, value: "https://admin:hunter2@db.example.com"}]
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: kubelink, namespace: illumio-system}
                spec:
                  template:
                    spec:
                      containers:
                      - name: kubelink
                        image: quay.io/illumio/kubelink-ubi8:5.3.1
                        env: [{name: CLUSTER_MODE, value: clas}]
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(of(snapshot, Workload.class)).extracting(Workload::name, w -> w.setting("CLUSTER_MODE"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("illumio-dashboard", null),
                        org.assertj.core.groups.Tuple.tuple("kubelink", "clas"));
        assertThat(snapshot.facts().toString()).doesNotContain("hunter2");
    }

    @Test
    void multiDocumentYamlAndApiListsWithoutItemKindsAreRead() throws IOException {
        Files.writeString(dir.resolve("all.yaml"), """
                apiVersion: v1
                kind: PodList
                items:
                - metadata: {name: p1, namespace: n}
                  spec: {nodeName: w1, hostNetwork: true, containers: [{name: c, image: i}]}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: illumio-ven, namespace: illumio-system}
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      containers:
                      - name: illumio-ven
                        image: quay.io/illumio/cven:23.4.11
                        env:
                        - {name: ILO_CLAS_MODE, value: "true"}
                        - {name: ILO_CODE, value: "9f0a1b2c3d4e5f60718293a4b5c6d7e8"}
                        - name: ILO_SERVER
                          valueFrom: {secretKeyRef: {name: illumio-ven-config, key: ilo_server}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: illumio-ven-config, namespace: illumio-system}
                data: {ilo_code: c2VjcmV0}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(of(snapshot, Pod.class)).singleElement().satisfies(p -> assertThat(p.hostNetwork()).isTrue());
        Workload cven = of(snapshot, Workload.class).get(0);
        assertThat(cven.setting("ILO_CLAS_MODE")).isEqualTo("true");
        assertThat(cven.settings()).as("only the settings rules read are kept").containsOnlyKeys("ILO_CLAS_MODE");
        assertThat(snapshot.summary().skipped()).containsEntry("Secret", 1);
        assertThat(snapshot.facts().toString()).doesNotContain("c2VjcmV0").doesNotContain("9f0a1b2c3d4e5f60718293a4b5c6d7e8");
    }

    @Test
    void anEmptyTypedListStillCountsAsProvided() throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\"apiVersion\": \"v1\", \"kind\": \"ServiceList\", \"items\": []}");
        assertThat(SnapshotLoader.load(dir).summary().provided()).contains("Service");
    }

    @Test
    void aMissingSnapshotIsAnError() {
        assertThatThrownBy(() -> SnapshotLoader.load(dir.resolve("nope")))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("nope");
    }

    @Test
    void labelsAreLearnedFromAnyFile() throws IOException {
        Files.copy(TestPaths.realdata("illumio/docs-label_instance_async_doc_excerpt.json"), dir.resolve("l.json"));
        assertThat(of(SnapshotLoader.load(dir), Label.class)).singleElement()
                .satisfies(l -> assertThat(l.name()).isEqualTo("env=Prod"));
    }

    @Test
    void sortedKeyListsWithKindAfterItemsKeepTheirItems() throws IOException {
        // sigs.k8s.io/yaml writes keys sorted: items before kind, and API list items carry no kind.
        Files.writeString(dir.resolve("svc.yaml"), """
                apiVersion: v1
                items:
                - metadata: {name: storefront, namespace: shop}
                  spec: {ports: [{port: 80, nodePort: 30080}]}
                kind: ServiceList
                metadata: {resourceVersion: "1"}
                """);
        assertThat(of(SnapshotLoader.load(dir), ServicePort.class)).singleElement()
                .satisfies(p -> assertThat(p.key()).isEqualTo("shop/storefront:80/TCP"));
    }

    @Test
    void pceObjectsWithAKubernetesKindAreNotTakenForKubernetesObjects() throws IOException {
        Files.writeString(dir.resolve("kw.json"), """
                [{"href": "/orgs/1/kubernetes_workloads/a", "name": "storefront", "kind": "Service",
                  "namespace": "shop"}]
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(of(snapshot, io.caveat.model.Service.class)).isEmpty();
        assertThat(snapshot.summary().provided()).doesNotContain("Service");
        assertThat(snapshot.summary().skipped()).containsEntry("PCE kubernetes_workloads", 1);
    }

    @Test
    void aRuleExportedAlsoOnItsOwnCountsOnceWithItsRuleSetsState() throws IOException {
        Files.writeString(dir.resolve("rule_sets.json"), """
                [{"href": "/orgs/1/sec_policy/active/rule_sets/11", "name": "RS", "enabled": false, "scopes": [[]],
                  "rules": [{"href": "/orgs/1/sec_policy/active/rule_sets/11/sec_rules/1", "enabled": true,
                             "stateless": true, "providers": [{"actors": "ams"}], "consumers": [{"actors": "ams"}]}]}]
                """);
        Files.writeString(dir.resolve("sec_rules.json"), """
                [{"href": "/orgs/1/sec_policy/active/rule_sets/11/sec_rules/1", "enabled": true, "stateless": true,
                  "providers": [{"actors": "ams"}], "consumers": [{"actors": "ams"}]},
                 {"href": "/orgs/1/sec_policy/active/rule_sets/11/sec_rules/2", "enabled": true, "stateless": true,
                  "providers": [{"actors": "ams"}], "consumers": [{"actors": "ams"}]}]
                """);
        List<SecurityRule> rules = of(SnapshotLoader.load(dir), SecurityRule.class);
        assertThat(rules).extracting(SecurityRule::href).containsExactlyInAnyOrder(
                "/orgs/1/sec_policy/active/rule_sets/11/sec_rules/1", "/orgs/1/sec_policy/active/rule_sets/11/sec_rules/2");
        assertThat(rules).as("the rule set is disabled").noneMatch(SecurityRule::enabled);
    }

    @Test
    void incompleteObjectsDoNotStopTheRun() throws IOException {
        Files.writeString(dir.resolve("odd.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1}
                spec: {containers: [{name: web, image: nginx}]}
                ---
                - href: /orgs/1/container_clusters/c/container_workload_profiles/p
                  namespace: shop
                  managed: true
                  labels: [{assignment: {href: /orgs/1/labels/1}}]
                ---
                - href: /orgs/1/sec_policy/active/rule_sets/3
                  name: RS
                  rules: [{enabled: true, providers: [{actors: ams}], consumers: [{actors: ams}]}]
                ---
                # an empty document, then a scalar one
                ---
                just a string
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).containsExactly(
                "odd.yaml:17:1: expected an object or a list, found a string (\"just a string\")");
        assertThat(of(snapshot, Pod.class)).singleElement().satisfies(p -> assertThat(p.key()).isEqualTo("default/web-1"));
        assertThat(of(snapshot, ContainerWorkloadProfile.class)).singleElement()
                .satisfies(p -> assertThat(p.assignments()).isEmpty());
        assertThat(of(snapshot, SecurityRule.class)).singleElement()
                .satisfies(r -> assertThat(r.href()).isEqualTo("/orgs/1/sec_policy/active/rule_sets/3/sec_rules/#1"));
    }

    @Test
    void theHostWorkloadIsMatchedToItsNodeByShortName() throws IOException {
        Files.writeString(dir.resolve("x.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: ip-10-0-1-2.ec2.internal}
                status: {nodeInfo: {machineID: a}}
                ---
                - href: /orgs/1/workloads/w
                  hostname: ip-10-0-1-2
                  enforcement_mode: full
                  container_cluster: {href: /orgs/1/container_clusters/c}
                """);
        assertThat(of(SnapshotLoader.load(dir), io.caveat.model.ContainerHost.class)).singleElement()
                .satisfies(h -> assertThat(h.node()).isEqualTo("ip-10-0-1-2.ec2.internal"));
    }

    @Test
    void theOpenShiftPlatformIsToldByNodeLabelsAndPlainKubernetesOnlyByNodes() throws IOException {
        Files.writeString(dir.resolve("n.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: w1, labels: {node.openshift.io/os_id: rhcos}}
                """);
        assertThat(of(SnapshotLoader.load(dir), Cluster.class).get(0).platform()).isEqualTo("openshift");
        Files.writeString(dir.resolve("n.yaml"), "apiVersion: v1\nkind: Node\nmetadata: {name: w1}\n");
        Snapshot plain = SnapshotLoader.load(dir);
        assertThat(of(plain, Cluster.class).get(0).platform()).isEqualTo("kubernetes");
        assertThat(plain.summary().provided()).contains("Cluster");
        Files.writeString(dir.resolve("n.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        Snapshot unknown = SnapshotLoader.load(dir);
        assertThat(of(unknown, Cluster.class).get(0).platform()).isEqualTo("unknown");
        assertThat(unknown.summary().provided()).doesNotContain("Cluster");
    }

    @Test
    void aLiveManifestProvidesEmptyCollectionsAndWithdrawsWhatItCouldNotRead() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), """
                {"caveatSnapshot": {"createdAt": "2026-11-26T10:00:00Z", "read": ["PairingProfile", "Workload"],
                  "unreadable": [{"source": "daemonsets", "kinds": ["Workload"], "reason": "403 Forbidden"}]}}
                """);
        Files.writeString(dir.resolve("pairing_profiles.json"), "[]");
        Files.writeString(dir.resolve("deployments.json"), """
                {"apiVersion": "apps/v1", "kind": "DeploymentList", "items": []}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().provided()).contains("PairingProfile").doesNotContain("Workload");
        assertThat(snapshot.summary().unreadable()).containsEntry("Workload", "the live collection could not read it: 403 Forbidden");
    }

    private void copyRealdata(String... files) throws IOException {
        for (String file : files) {
            Path source = TestPaths.realdata(file);
            Files.copy(source, dir.resolve(source.getFileName()));
        }
    }

    static <T> List<T> of(Snapshot snapshot, Class<T> type) {
        return snapshot.facts().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aKubeProxyConfigurationThatDoesNotParseIsReportedAtItsKeyAndLineAndCostsOnlyItself() throws IOException {
        Files.writeString(dir.resolve("configmaps.yaml"), """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: kube-proxy, namespace: kube-system}
                  data:
                    config.conf: "kind: KubeProxyConfiguration\\nmode: [ipvs\\n"
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: illumio-config, namespace: illumio-system}
                  data: {networkType: flat}
                - apiVersion: crd.projectcalico.org/v1
                  kind: FelixConfiguration
                  metadata: {name: node.worker-2}
                  spec: {chainInsertMode: Append}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(snapshot.summary().problems()).singleElement().satisfies(p -> assertThat(p)
                .isEqualTo("configmaps.yaml: ConfigMap kube-system/kube-proxy, key config.conf, line 2 column 12:"
                        + " while parsing a flow sequence"));
        assertThat(of(snapshot, KubeProxyConfig.class)).isEmpty();
        assertThat(of(snapshot, IllumioConfig.class)).hasSize(1);
        assertThat(of(snapshot, FelixConfiguration.class))
                .containsExactly(new FelixConfiguration("node.worker-2", "worker-2", "Append"));
        assertThat(snapshot.summary().provided()).contains("FelixConfiguration", "IllumioConfig");
    }

    @Test
    void theKubelinkImageTagStandsInForAVersionThePceDoesNotReportOnlyWhenItIsUnambiguous() throws IOException {
        String cluster = """
                {"href": "/orgs/1/container_clusters/%s", "name": "%s", "online": true, "cluster_mode": "clas"}
                """;
        String kubelink = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: illumio-kubelink, namespace: illumio-system}
                spec:
                  template:
                    spec:
                      containers: [{name: kubelink, image: "%s"}]
                """;
        Files.writeString(dir.resolve("clusters.json"), "[" + cluster.formatted("a", "one") + "]");
        Files.writeString(dir.resolve("kubelink.yaml"), kubelink.formatted("quay.io/illumio/kubelink:5.1.2-3"));
        assertThat(of(SnapshotLoader.load(dir), ContainerCluster.class)).singleElement().satisfies(c -> {
            assertThat(c.kubelinkVersion()).isEqualTo("5.1.2-3");
            assertThat(c.kubelinkVersionSource()).isEqualTo("image quay.io/illumio/kubelink:5.1.2-3");
        });

        // Two clusters and no container host saying which is this one: the tag belongs to neither.
        Files.writeString(dir.resolve("clusters.json"), "[" + cluster.formatted("a", "one") + ","
                + cluster.formatted("b", "two") + "]");
        assertThat(of(SnapshotLoader.load(dir), ContainerCluster.class))
                .allSatisfy(c -> assertThat(c.kubelinkVersion()).isNull());

        // Two clusters: the one whose container hosts are this snapshot's nodes gets it, not the other one.
        Files.writeString(dir.resolve("clusters.json"), "[" + cluster.formatted("a", "one") + ","
                + cluster.formatted("b", "two") + "]");
        Files.writeString(dir.resolve("hosts.json"), """
                [{"href": "/orgs/1/workloads/1", "hostname": "other-cluster-node",
                  "container_cluster": {"href": "/orgs/1/container_clusters/a"}},
                 {"href": "/orgs/1/workloads/2", "hostname": "worker-1",
                  "container_cluster": {"href": "/orgs/1/container_clusters/b"}}]
                """);
        Files.writeString(dir.resolve("nodes.yaml"), "apiVersion: v1\nkind: Node\nmetadata: {name: worker-1}\n");
        assertThat(of(SnapshotLoader.load(dir), ContainerCluster.class))
                .extracting(ContainerCluster::name, ContainerCluster::kubelinkVersion)
                .containsExactlyInAnyOrder(tuple("one", null), tuple("two", "5.1.2-3"));
        Files.delete(dir.resolve("hosts.json"));
        Files.delete(dir.resolve("nodes.yaml"));

        // An image pinned by digest has no tag to read.
        Files.writeString(dir.resolve("clusters.json"), "[" + cluster.formatted("a", "one") + "]");
        Files.writeString(dir.resolve("kubelink.yaml"), kubelink.formatted(
                "quay.io/illumio/kubelink@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
        assertThat(of(SnapshotLoader.load(dir), ContainerCluster.class)).singleElement()
                .satisfies(c -> assertThat(c.kubelinkVersion()).isNull());
    }

    @Test
    void onlyTheSettingsRulesReadAreKeptAndOnlyFromTheirOwners() throws IOException {
        Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: apps/v1
                  kind: DaemonSet
                  metadata: {name: redis-sentinel, namespace: cache}
                  spec:
                    template:
                      spec:
                        hostNetwork: true
                        containers:
                        - name: sentinel
                          image: redis:7
                          env:
                          - {name: CLUSTER_MODE, value: "redis://user:pw@redis:6379"}
                          - {name: Felix_ChainInsertMode, value: Insert}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: kube-proxy-backup, namespace: kube-system}
                  data: {config.conf: "kind: KubeProxyConfiguration\\nmode: nftables\\n"}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: kube-proxy, namespace: my-app}
                  data: {config.conf: "kind: KubeProxyConfiguration\\nmode: nftables\\n"}
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: kube-proxy-config, namespace: kube-system}
                  data: {config: "kind: KubeProxyConfiguration\\nmode: [ipvs]\\n"}
                """);
        Snapshot snapshot = SnapshotLoader.load(dir);
        assertThat(of(snapshot, Workload.class)).singleElement().satisfies(w ->
                assertThat(w.settings()).as("Illumio's names only on Illumio's components; Felix's in any case")
                        .isEqualTo(java.util.Map.of("FELIX_CHAININSERTMODE", "Insert")));
        assertThat(of(snapshot, KubeProxyConfig.class)).as("kube-system/kube-proxy and kube-proxy-config only").isEmpty();
        assertThat(snapshot.summary().problems()).containsExactly(
                "cluster.yaml: ConfigMap kube-system/kube-proxy-config, key config: mode is not a string: [\"ipvs\"]");
    }

    @Test
    void aFolderOfSeveralMustGathersIsSaidToHoldSeveralClustersAndNotMergedIntoOne() throws IOException {
        for (String gather : List.of("mg-aws", "mg-azure")) {
            for (String file : List.of("_networks.config.openshift.io.yaml", "_networks.operator.openshift.io_cluster.yaml")) {
                Files.copy(TestPaths.realdata("openshift/" + gather + file), dir.resolve(gather + file));
            }
        }

        var summary = SnapshotLoader.load(dir).summary();

        assertThat(summary.notes()).anySatisfy(n -> assertThat(n).contains("holds at least 2 clusters",
                "networks.config.openshift.io 'cluster' 2 times", "mg-aws_networks.config.openshift.io.yaml",
                "mg-azure_networks.config.openshift.io.yaml"));
        assertThat(summary.unreadable()).containsKey("Cluster");
        assertThat(summary.provided()).doesNotContain("Cluster");
    }

    @Test
    void twoKubeSystemNamespacesWithTheirOwnUidsAreTwoClusters() throws IOException {
        Path namespaces = TestPaths.realdata("kubernetes/mg-aws_namespaces.yaml");
        Files.copy(namespaces, dir.resolve("cluster-a_namespaces.yaml"));
        // The same cluster's export again, and a second cluster whose kube-system has a uid of its own.
        Files.copy(namespaces, dir.resolve("cluster-a_namespaces-again.yaml"));
        Files.writeString(dir.resolve("cluster-b_namespaces.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata: {name: kube-system, uid: 0d3c9a7e-1111-4c2d-9e3f-4a5b6c7d8e99}
                """);

        var summary = SnapshotLoader.load(dir).summary();

        assertThat(summary.notes()).anySatisfy(n -> assertThat(n).contains("holds at least 2 clusters",
                "namespace 'kube-system' 2 times", "uid 93c62bd8-ce64-47b0-a737-2236a9be1484 in"
                        + " cluster-a_namespaces-again.yaml, cluster-a_namespaces.yaml",
                "cluster-b_namespaces.yaml"));
        assertThat(summary.unreadable()).containsKey("Cluster");
    }

    @Test
    void oneClustersObjectsExportedTwiceAreOneCluster() throws IOException {
        for (String copy : List.of("a", "b")) {
            Files.copy(TestPaths.realdata("kubernetes/mg-aws_namespaces.yaml"), dir.resolve(copy + "_namespaces.yaml"));
            Files.copy(TestPaths.realdata("kubernetes/mg-aws_nodes.yaml"), dir.resolve(copy + "_nodes.yaml"));
        }

        var summary = SnapshotLoader.load(dir).summary();

        assertThat(summary.notes()).noneMatch(n -> n.contains("clusters"));
        assertThat(summary.unreadable()).doesNotContainKey("Cluster");
    }

    @Test
    void oneMustGathersTwoNetworkObjectsAreOneCluster() throws IOException {
        for (String file : List.of("_networks.config.openshift.io.yaml", "_networks.operator.openshift.io_cluster.yaml")) {
            Files.copy(TestPaths.realdata("openshift/mg-aws" + file), dir.resolve("mg-aws" + file));
        }

        var summary = SnapshotLoader.load(dir).summary();

        assertThat(summary.notes()).noneMatch(n -> n.contains("clusters"));
        assertThat(summary.provided()).contains("Cluster");
    }
}
