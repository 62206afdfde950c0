package io.caveat.model;

/**
 * One entry of a Service's spec.ports.
 *
 * @param service    the Service's key (namespace/name)
 * @param targetPort a number or a named container port, as written
 * @param protocol   TCP, UDP or SCTP
 * @param nodePort   0 when none was allocated
 */
public record ServicePort(String service, String namespace, String name, int port, String targetPort,
                          String protocol, int nodePort) implements Fact {
    @Override
    public String key() {
        return service + ":" + port + "/" + protocol;
    }

    /** "8080/TCP", the way the limitation text writes a port. */
    public String portProtocol() {
        return port + "/" + protocol;
    }
}
