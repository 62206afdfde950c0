package io.caveat.model;

import java.util.List;

/** Every fact type rules can match and name in @requires. */
public final class FactKinds {
    public static final List<Class<? extends Fact>> ALL = List.of(
            Cluster.class, Node.class, Namespace.class, Pod.class, PodOwner.class, Workload.class,
            IllumioConfig.class, KubeProxyConfig.class, FelixConfiguration.class, Service.class, ServicePort.class,
            ContainerCluster.class, ContainerHost.class, VenWorkload.class, ContainerWorkloadProfile.class,
            VirtualService.class, VirtualServicePort.class, ServiceBackend.class, SecurityRule.class, RuleActor.class,
            RuleSetScope.class, RuleReach.class, ServiceReach.class, PossibleServiceReach.class,
            ServiceLabelMatch.class, IpList.class, LabelMapping.class, PairingProfile.class, Label.class,
            LabelGroup.class, WaiverAnnotation.class);

    private FactKinds() {
    }

    public static List<String> names() {
        return ALL.stream().map(Class::getSimpleName).toList();
    }
}
