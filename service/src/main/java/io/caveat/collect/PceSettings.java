package io.caveat.collect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach the PCE.
 *
 * @param url              https://host:port (the PCE's usual port is 8443); /api/v2 is added
 * @param org              the organisation id
 * @param containerCluster the container cluster to scope to, by name; null for all
 * @param caBundle         PEM file of the CA that signed the PCE's certificate, when it is private; or null
 * @param insecure         skip TLS verification (warned about on every run)
 * @param requestTimeout   how long one request may take
 * @param budget           how long retries of one request may go on in all
 */
public record PceSettings(URI url, String org, String containerCluster, Path caBundle, boolean insecure,
                          Duration requestTimeout, Duration budget) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(5);

    public URI api(String pathAndQuery) {
        String base = url.toString().replaceFirst("/+$", "");
        return URI.create(base + "/api/v2" + pathAndQuery);
    }

    public String orgPath() {
        return "/orgs/" + org;
    }
}
