package io.caveat.publish;

import io.caveat.report.PolicyReportApi;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode, taught server-side apply: the CRUD dispatcher answers an
 * application/apply-patch request with 404/415, while a real API server creates the object or replaces the
 * fields its manager owns. caveat always applies whole reports with force, so create-or-replace is what the real
 * server does for it.
 */
public final class ReportApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public ReportApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Applying(), false);
        server.init();
        client = server.createClient();
    }

    public KubernetesClient client() {
        return client;
    }

    /** Installs a report API's two CRDs, as Kyverno's or Policy Reporter's chart does. */
    public ReportApiServer withCrds(PolicyReportApi api) {
        crd(api, api.kind(), api.plural(), "Namespaced");
        crd(api, api.clusterKind(), api.clusterPlural(), "Cluster");
        return this;
    }

    private void crd(PolicyReportApi api, String kind, String plural, String scope) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + api.group()).endMetadata().withNewSpec()
                .withGroup(api.group()).withScope(scope).withNewNames().withKind(kind).withPlural(plural)
                .withSingular(kind.toLowerCase(Locale.ROOT)).withListKind(kind + "List").endNames()
                .addNewVersion().withName(api.version()).withServed(true).withStorage(true).endVersion().endSpec()
                .build()).create();
    }

    /** Every request since the last call, in order. */
    public List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    /** A kubeconfig naming this server, for the command line. */
    public Path kubeconfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: publisher}
                current-context: mock
                users:
                - name: publisher
                  user: {token: not-a-real-token}
                """.formatted(client.getConfiguration().getMasterUrl()));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static final class Applying extends KubernetesCrudDispatcher {
        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            String type = request.getHeader("Content-Type");
            if (type != null && type.startsWith("application/apply-patch")) {
                return findResource(getKey(request.getPath())) == null ? handleCreate(request) : handleUpdate(request);
            }
            return super.handlePatch(request);
        }
    }
}
