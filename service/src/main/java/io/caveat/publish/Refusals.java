package io.caveat.publish;

import io.caveat.collect.Causes;
import io.caveat.report.PolicyReportApi;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Why the API server refused a report operation, in words that say what to fix. */
final class Refusals {
    private Refusals() {
    }

    static String of(KubernetesClientException e, PolicyReportApi api, String server) {
        return switch (e.getCode()) {
            case 401 -> "401 Unauthorized: the kubeconfig credentials were refused";
            case 403 -> "403 Forbidden: the account may not write " + api.group() + " reports (grant the "
                    + "caveat-report-publisher ClusterRole of docs/deploy/base/rbac.yaml)";
            case 404 -> "404 Not Found: the namespace does not exist in this cluster (was the run's snapshot "
                    + "taken from another cluster?)";
            default -> e.getCode() <= 0 ? "cannot reach the API server " + server + ": " + Causes.root(e)
                    : e.getCode() + " " + firstLine(e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
        };
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.lines().findFirst().orElse(message);
    }
}
