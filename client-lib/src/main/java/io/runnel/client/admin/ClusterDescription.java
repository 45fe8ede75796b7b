package io.runnel.client.admin;

import java.util.Comparator;
import java.util.List;

/**
 * The cluster as {@link io.runnel.client.RunnelAdmin#describeCluster} found it.
 *
 * @param clusterId    the cluster's id; null when the broker did not say
 * @param controllerId the controller's node id; -1 when unknown (a KRaft cluster hides its controllers from clients
 *                     and names a random broker, as Kafka's own Metadata does)
 * @param brokers      its brokers, sorted by node id
 */
public record ClusterDescription(String clusterId, int controllerId, List<BrokerNode> brokers) {
    /** Copies the brokers, sorted by node id. */
    public ClusterDescription {
        brokers = brokers.stream().sorted(Comparator.comparingInt(BrokerNode::id)).toList();
    }
}
