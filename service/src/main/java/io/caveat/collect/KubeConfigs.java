package io.caveat.collect;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The connection to the cluster, found as kubectl finds it; for collecting and for publishing reports. */
public final class KubeConfigs {
    /** fabric8 retries a failed request this many times, with its exponential backoff. */
    private static final int KUBERNETES_RETRIES = 3;

    private KubeConfigs() {
    }

    /**
     * Like kubectl: an explicit kubeconfig file, else KUBECONFIG / ~/.kube/config / the in-cluster account;
     * with none of them there is nothing to connect to, which is said plainly.
     */
    public static Config of(CollectSettings settings) {
        Config config;
        if (settings.kubeconfig() != null) {
            try {
                config = Config.fromKubeconfig(settings.context(), Files.readString(settings.kubeconfig()),
                        settings.kubeconfig().toString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read kubeconfig " + settings.kubeconfig() + ": "
                        + e.getMessage());
            }
        } else {
            boolean inCluster = Files.exists(Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH));
            if (!inCluster && Config.getKubeconfigFilenames().stream().noneMatch(f -> Files.isRegularFile(Path.of(f)))) {
                throw new IllegalArgumentException("no kubeconfig (KUBECONFIG, ~/.kube/config) and not running in a "
                        + "cluster: give --kubeconfig, or --no-kubernetes to read the PCE only");
            }
            config = Config.autoConfigure(settings.context());
        }
        if (settings.context() != null && (config.getCurrentContext() == null
                || !settings.context().equals(config.getCurrentContext().getName()))) {
            throw new IllegalArgumentException("no context '" + settings.context() + "' in the kubeconfig (it has "
                    + String.join(", ", config.getContexts().stream().map(c -> c.getName()).toList()) + ")");
        }
        config.setRequestRetryBackoffLimit(KUBERNETES_RETRIES);
        // HTTP/1.1: the JDK client's h2c upgrade over plain http was seen to hang for ever on an answered request
        // (GET /version, against fabric8's mock server); a collection must never hang, and lists lose nothing.
        config.setHttp2Disable(true);
        return config;
    }
}
