package io.runnel.broker.group;

/**
 * Where clients reach this broker as a coordinator, as FindCoordinator reports it.
 *
 * @param nodeId the broker's node id
 * @param host   the advertised host
 * @param port   the advertised port
 */
public record CoordinatorEndpoint(int nodeId, String host, int port) {
}
