package io.caveat.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a finding is knowingly accepted.
 *
 * @param source  the waivers file and entry ("waivers.yaml#3"), or the annotated object ("annotation on
 *                DaemonSet/monitoring/node-exporter")
 * @param owner   who accepted it (file waivers; annotations have none)
 * @param expires the last day it applies (file waivers), ISO date
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Waiver(String source, String reason, String owner, String expires) {
}
