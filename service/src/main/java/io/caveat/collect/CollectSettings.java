package io.caveat.collect;

import java.nio.file.Path;

/**
 * What to collect from where.
 *
 * @param kubernetes       read the cluster (false: PCE only)
 * @param kubeconfig       the kubeconfig file; null for kubectl's usual lookup (KUBECONFIG, ~/.kube/config, or the
 *                         pod's service account inside a cluster)
 * @param context          the kubeconfig context; null for the current one
 * @param illumioNamespace where Illumio's C-VEN and Kubelink run
 * @param pageSize         objects per list page
 * @param pce              the PCE to read; null to read none
 * @param credentialsFile  the PCE credentials file; null to read them from the environment
 */
public record CollectSettings(boolean kubernetes, Path kubeconfig, String context, String illumioNamespace,
                              int pageSize, PceSettings pce, Path credentialsFile) {
    public static final String DEFAULT_ILLUMIO_NAMESPACE = "illumio-system";
}
