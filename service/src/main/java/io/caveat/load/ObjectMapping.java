package io.caveat.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import io.caveat.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Map: one source object (told by its {@link Shape}) into flat facts, through KubernetesFacts; PCE and OpenShift
 * network objects are kept for when the whole snapshot is read (their facts need the nodes and the other PCE
 * collections). caveat's own snapshot manifest goes to what the loader reports.
 */
final class ObjectMapping {
    private final Set<String> readByCollection;
    private final Map<String, String> unreadable;
    private final List<String> notes;

    /** Each distinct label set once: the pods of one owner carry the same labels. */
    private final Map<Map<String, String>, Map<String, String>> labelSets = new java.util.HashMap<>();

    private Map<String, String> sharedLabels(Map<String, String> labels) {
        return labelSets.computeIfAbsent(labels, io.caveat.model.Immutable::sortedView);
    }

    ObjectMapping(Set<String> readByCollection, Map<String, String> unreadable, List<String> notes) {
        this.readByCollection = readByCollection;
        this.unreadable = unreadable;
        this.notes = notes;
    }

    /** A cluster-scoped object's uid, when the export kept it; a name with two uids comes from two clusters. */
    private static void identity(String what, JsonNode object, FileBatch batch) {
        String uid = Json.text(object, "metadata", "uid");
        if (uid != null) {
            batch.identities.add(Map.entry(what, "uid " + uid));
        }
    }

    /** The facts of one object, into its file's batch; objects that need the whole snapshot wait in it. */
    void accept(JsonNode object, String listKind, FileBatch batch, JsonLocation at) {
        for (String telling : new String[] {"href", "kind", "apiVersion"}) {
            JsonNode value = object.get(telling);
            if (value != null && !value.isTextual() && !value.isNull()) {
                // What the object is cannot be told: the kinds of its file count as partly provided.
                batch.problem(at, "an object: field " + telling + ": expected a string, found " + Found.of(value)
                        + " (the object is left out)");
                batch.untold.add(at);
                return;
            }
        }
        Shape shape = Shape.of(object, listKind);
        if (shape == null) {
            batch.skip("unrecognised object");
            return;
        }
        List<FieldTypes.Problem> wrong = FieldTypes.check(shape, object);
        if (!wrong.isEmpty()) {
            batch.unreadObject(shape, object, at, wrong);
            batch.shapes.add(shape);
            return;
        }
        switch (shape) {
            case POD -> {
                Pod pod = KubernetesFacts.pod(object, this::sharedLabels);
                batch.facts.add(pod);
                batch.source("Pod", pod.namespace(), pod.name(), pod.labels(), at);
                waiver(KubernetesFacts.waiver(object, pod.ownerKind(), pod.namespace(), pod.ownerName()), batch);
            }
            case SERVICE -> KubernetesFacts.service(object, fact -> {
                batch.facts.add(fact);
                if (fact instanceof io.caveat.model.Service s) {
                    batch.source("Service", s.namespace(), s.name(), s.labels(), at);
                    waiver(KubernetesFacts.waiver(object, "Service", s.namespace(), s.name()), batch);
                }
            });
            case NODE -> {
                io.caveat.model.Node node = KubernetesFacts.node(object);
                batch.facts.add(node);
                batch.source("Node", null, node.name(), node.labels(), at);
                identity("node '" + node.name() + "'", object, batch);
                waiver(KubernetesFacts.waiver(object, "Node", null, node.name()), batch);
            }
            case NAMESPACE -> {
                io.caveat.model.Namespace ns = KubernetesFacts.namespace(object);
                batch.facts.add(ns);
                batch.source("Namespace", null, ns.name(), ns.labels(), at);
                identity("namespace '" + ns.name() + "'", object, batch);
                waiver(KubernetesFacts.waiver(object, "Namespace", null, ns.name()), batch);
            }
            case DAEMON_SET, DEPLOYMENT, STATEFUL_SET, JOB, CRON_JOB -> {
                io.caveat.model.Workload w = KubernetesFacts.workload(object, switch (shape) {
                    case DAEMON_SET -> "DaemonSet";
                    case DEPLOYMENT -> "Deployment";
                    case STATEFUL_SET -> "StatefulSet";
                    case JOB -> "Job";
                    default -> "CronJob";
                });
                batch.facts.add(w);
                batch.source(w.workloadKind(), w.namespace(), w.name(), Json.strings(Json.at(object, "metadata",
                        "labels")), at);
                waiver(KubernetesFacts.waiver(object, w.workloadKind(), w.namespace(), w.name()), batch);
            }
            case CONFIG_MAP -> {
                var config = KubernetesFacts.configMap(object, batch::problem);
                if (config == null) {
                    batch.skip("ConfigMap (not Illumio's or kube-proxy's)");
                    return;
                }
                batch.facts.add(config);
            }
            case FELIX_CONFIGURATION -> {
                var felix = KubernetesFacts.felixConfiguration(object, batch::problem);
                if (felix != null) {
                    batch.facts.add(felix);
                }
            }
            case LABEL_MAP -> KubernetesFacts.labelMap(object, batch.facts::add);
            case NETWORK_CONFIG, NETWORK_OPERATOR -> batch.deferred.add(Map.entry(shape, object));
            case MANIFEST -> {
                SnapshotManifest.read(object, readByCollection, unreadable, notes);
                return;
            }
            case OTHER -> {
                batch.skip(otherKind(object));
                return;
            }
            default -> batch.deferred.add(Map.entry(shape, object));
        }
        batch.shapes.add(shape);
    }

    /**
     * An object's waiver annotation, kept in the file's batch; the pods of one owner carry the same one, which
     * counts once: repeats are dropped when the file is kept, so a broken file hides none.
     */
    private void waiver(io.caveat.model.WaiverAnnotation waiver, FileBatch batch) {
        if (waiver != null) {
            batch.facts.add(waiver);
        }
    }

    /** An object as a problem names it: "Service shop/web", "PCE object /orgs/1/workloads/w1". */
    static String who(Shape shape, JsonNode object) {
        String href = Json.text(object, "href");
        if (href != null) {
            return "PCE object " + href;
        }
        String kind = Json.text(object, "kind");
        String name = Json.text(object, "metadata", "name");
        String namespace = Json.text(object, "metadata", "namespace");
        String shown = kind != null ? kind : shape.provides().isEmpty() ? "an object" : shape.provides().get(0);
        return shown + (name == null ? " (without a name)" : " " + (namespace == null ? "" : namespace + "/") + name);
    }

    /** What a skipped object is called in the snapshot summary. */
    static String otherKind(JsonNode object) {
        String href = Json.text(object, "href");
        if (href != null) {
            String[] parts = href.replaceFirst("^/orgs/\\d+/(sec_policy/[^/]+/)?", "").split("/");
            return "PCE " + parts[0];
        }
        String kind = Json.text(object, "kind");
        return kind != null ? kind : "unrecognised object";
    }
}
