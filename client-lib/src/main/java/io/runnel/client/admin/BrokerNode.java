package io.runnel.client.admin;

/**
 * One broker of the cluster, as Metadata reports it.
 *
 * @param id   its node id
 * @param host the host it advertises to clients
 * @param port the port it advertises to clients
 */
public record BrokerNode(int id, String host, int port) {
}
