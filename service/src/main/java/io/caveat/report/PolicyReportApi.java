package io.caveat.report;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The policy report APIs caveat writes: the Policy WG's wgpolicyk8s.io (Kyverno up to 1.14, Policy Reporter,
 * kube-bench adapter, trivy-operator's exporter) and its successor openreports.io (Kyverno 1.15 and later,
 * Policy Reporter 3). Their report bodies are the same; the kinds differ.
 */
public enum PolicyReportApi {
    WGPOLICY("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", "ClusterPolicyReport",
            "clusterpolicyreports"),
    OPENREPORTS("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", "clusterreports");

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final String clusterKind;
    private final String clusterPlural;

    PolicyReportApi(String group, String version, String kind, String plural, String clusterKind,
                    String clusterPlural) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.clusterKind = clusterKind;
        this.clusterPlural = clusterPlural;
    }

    /** By its API version as users write it ("wgpolicyk8s.io/v1alpha2"), or by its group alone. */
    public static PolicyReportApi parse(String text) {
        for (PolicyReportApi api : values()) {
            if (api.apiVersion().equals(text) || api.group.equals(text)) {
                return api;
            }
        }
        throw new IllegalArgumentException("unknown policy report API '" + text + "' (expected "
                + Arrays.stream(values()).map(PolicyReportApi::apiVersion).collect(Collectors.joining(" or ")) + ")");
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public String clusterKind() {
        return clusterKind;
    }

    public String clusterPlural() {
        return clusterPlural;
    }
}
