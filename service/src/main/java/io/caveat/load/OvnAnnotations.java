package io.caveat.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Reads OVN-Kubernetes node annotations: the gateway router's address on the join switch. */
final class OvnAnnotations {
    static final String LRP_IFADDR = "k8s.ovn.org/node-gateway-router-lrp-ifaddr";
    /** Newer multi-network form: {"default":{"ipv4":...}} (seen in public node dumps). */
    static final String LRP_IFADDRS = "k8s.ovn.org/node-gateway-router-lrp-ifaddrs";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OvnAnnotations() {
    }

    /** @return the IPv4 address without prefix length, or null */
    static String gatewayRouterIp(Map<String, String> annotations) {
        String single = annotations.get(LRP_IFADDR);
        if (single != null) {
            return ipv4(parse(single));
        }
        String multi = annotations.get(LRP_IFADDRS);
        return multi == null ? null : ipv4(Json.at(parse(multi), "default"));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String ipv4(JsonNode node) {
        String cidr = node == null ? null : Json.text(node, "ipv4");
        return cidr == null ? null : cidr.replaceFirst("/\\d+$", "");
    }
}
