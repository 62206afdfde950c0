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

    /** "80/TCP": the target port with the Service's protocol, which the target port keeps. */
    public String targetPortProtocol() {
        return targetPort + "/" + protocol;
    }

    /** "30080/TCP": the node port with its protocol; null when none is allocated. */
    public String nodePortProtocol() {
        return nodePort > 0 ? nodePort + "/" + protocol : null;
    }

    /** "8080/TCP", the way the limitation text writes a port. */
    public String portProtocol() {
        return port + "/" + protocol;
    }
}
