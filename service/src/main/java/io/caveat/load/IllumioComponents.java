package io.caveat.load;

import java.util.List;

/** Recognises Illumio's own workloads (Helm chart and Ansible role names, quay.io/illumio images). */
public final class IllumioComponents {
    private IllumioComponents() {
    }

    /** @return cven, kubelink, storage, or null for anything else */
    public static String of(String name, List<String> images) {
        if ("illumio-ven".equals(name) || images.stream().anyMatch(i -> i.contains("illumio/cven")
                || i.contains("illumio/ven"))) {
            return "cven";
        }
        if ("illumio-kubelink".equals(name) || images.stream().anyMatch(i -> i.contains("illumio/kubelink"))) {
            return "kubelink";
        }
        if ("illumio-storage".equals(name) || images.stream().anyMatch(i -> i.contains("illumio/storage"))) {
            return "storage";
        }
        return null;
    }
}
