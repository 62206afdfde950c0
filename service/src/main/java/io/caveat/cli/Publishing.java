package io.caveat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.collect.CollectSettings;
import io.caveat.collect.KubeConfigs;
import io.caveat.publish.ReportPublisher;
import io.caveat.report.PolicyReportApi;

/** Whether and where a command publishes policy reports: its options over caveat.yaml's report section. */
final class Publishing {
    private Publishing() {
    }

    /**
     * The publisher, or null when not publishing. The kubeconfig is read now, so that a missing one is a usage
     * error before any run, and again on every publish (a rotated service-account token is picked up).
     */
    static ReportPublisher publisher(Boolean option, String apiOption, JsonNode report, CollectSettings settings) {
        boolean publish = option != null ? option : report.path("publish").asBoolean(false);
        if (!publish) {
            return null;
        }
        PolicyReportApi api = PolicyReportApi.parse(apiOption != null ? apiOption
                : report.path("publishApi").asText(PolicyReportApi.WGPOLICY.apiVersion()));
        KubeConfigs.of(settings);
        return new ReportPublisher(() -> KubeConfigs.of(settings), api);
    }
}
