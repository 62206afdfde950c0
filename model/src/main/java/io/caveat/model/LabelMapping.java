package io.caveat.model;

import java.util.Map;

/**
 * One mapping of Illumio's LabelMap (labelmaps.ic4k.illumio.com): a Kubernetes label key whose value becomes the
 * Illumio label of another key. Labels a LabelMap assigns overwrite those of every other method.
 *
 * @param labelMap the LabelMap's name ("default")
 * @param section  workload (workloadLabelMap: CLAS Kubernetes Workloads, PCE 24.5.0 and later) or node
 *                 (nodeLabelMap: container hosts)
 * @param fromKey  the Kubernetes label key
 * @param toKey    the Illumio label key (type)
 * @param values   valuesMap, Kubernetes value -> Illumio value; empty: the value is kept as it is
 */
public record LabelMapping(String labelMap, String section, String fromKey, String toKey, Map<String, String> values)
        implements Fact {
    public LabelMapping {
        values = Immutable.map(values);
    }

    @Override
    public String key() {
        return labelMap + "#" + section + "#" + fromKey;
    }

    @Override
    public String name() {
        return section + ": " + fromKey + " -> " + toKey;
    }

    /** The Illumio value for a Kubernetes label value: mapped through valuesMap when it has one, else the same. */
    public String illumioValue(String kubernetesValue) {
        return values.isEmpty() ? kubernetesValue : values.get(kubernetesValue);
    }
}
