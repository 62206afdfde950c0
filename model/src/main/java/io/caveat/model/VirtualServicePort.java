package io.caveat.model;

/**
 * One service_ports entry of a virtual service.
 *
 * @param toPort   end of a port range, or 0
 * @param protocol TCP, UDP, or the IANA number when neither
 */
public record VirtualServicePort(String virtualService, int port, int toPort, String protocol) implements Fact {
    @Override
    public String key() {
        return virtualService + ":" + port + "/" + protocol;
    }

    @Override
    public String name() {
        return port + "/" + protocol;
    }
}
