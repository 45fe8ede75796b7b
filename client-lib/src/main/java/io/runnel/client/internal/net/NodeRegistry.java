package io.runnel.client.internal.net;

import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Which address each node id has and the one {@link NodeConnection} per node. Bootstrap addresses get ids -1, -2,
 * ... in the order given; brokers get the ids Metadata reports, with the addresses it reports, so nodes other than
 * the bootstrap ones are reached where the cluster says they are. A broker that leaves the metadata, or moves to
 * another address, has its connection closed.
 *
 * <p>Thread rules: mutated on the network's event loop only; {@link #existing} may be called from any thread.
 */
final class NodeRegistry {
    private final List<InetSocketAddress> bootstrap;
    private final BiFunction<Integer, InetSocketAddress, NodeConnection> factory;
    private final Map<Integer, NodeConnection> connections = new ConcurrentHashMap<>();
    private Map<Integer, InetSocketAddress> brokers = Map.of();
    private int bootstrapRotation;

    NodeRegistry(List<InetSocketAddress> bootstrap, BiFunction<Integer, InetSocketAddress, NodeConnection> factory) {
        this.bootstrap = List.copyOf(bootstrap);
        this.factory = factory;
    }

    /** The address of {@code nodeId}, or null when it is neither a bootstrap id nor a known broker. */
    InetSocketAddress addressOf(int nodeId) {
        if (nodeId < 0) {
            int index = -nodeId - 1;
            return index < bootstrap.size() ? bootstrap.get(index) : null;
        }
        return brokers.get(nodeId);
    }

    /** The connection to {@code nodeId}, created on first use; null when its address is unknown. */
    NodeConnection connection(int nodeId) {
        NodeConnection connection = connections.get(nodeId);
        if (connection != null) {
            return connection;
        }
        InetSocketAddress address = addressOf(nodeId);
        if (address == null) {
            return null;
        }
        connection = factory.apply(nodeId, address);
        connections.put(nodeId, connection);
        return connection;
    }

    /** The connection to {@code nodeId} if one was created, else null. Any thread. */
    NodeConnection existing(int nodeId) {
        return connections.get(nodeId);
    }

    /** The brokers' ids and addresses, as the latest metadata gave them. */
    Map<Integer, InetSocketAddress> brokers() {
        return brokers;
    }

    /** Replaces the broker list; connections to brokers that left or moved are closed. */
    void update(Map<Integer, InetSocketAddress> nodes) {
        Map<Integer, InetSocketAddress> next = Map.copyOf(nodes);
        for (NodeConnection connection : List.copyOf(connections.values())) {
            int id = connection.nodeId();
            if (id < 0) {
                continue;
            }
            InetSocketAddress now = next.get(id);
            if (now == null || !sameAddress(now, connection.address())) {
                connections.remove(id);
                connection.close(new BrokerUnavailableException(connection.address(), "node " + id + " at "
                        + NodeConnection.hostPort(connection.address()) + (now == null ? " left the cluster metadata"
                        : " moved to " + NodeConnection.hostPort(now)),
                        null));
            }
        }
        brokers = next;
    }

    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getHostString().equals(b.getHostString());
    }

    /**
     * Node ids in the order a request for "any node" should try them: connected ones first, least loaded first;
     * then those connecting; then those that may connect now (brokers from metadata before bootstrap addresses,
     * which rotate so each is tried in turn); those waiting out a reconnect backoff last.
     */
    List<Integer> anyCandidates() {
        List<Integer> ids = new ArrayList<>(brokers.keySet());
        ids.sort(null);
        int n = bootstrap.size();
        for (int i = 0; i < n; i++) {
            ids.add(-((bootstrapRotation + i) % n) - 1);
        }
        bootstrapRotation = (bootstrapRotation + 1) % n;
        Map<Integer, Integer> rank = new HashMap<>();
        for (Integer id : ids) {
            rank.put(id, rankOf(connections.get(id)));
        }
        ids.sort(Comparator.comparingInt(rank::get));
        return ids;
    }

    private static int rankOf(NodeConnection connection) {
        if (connection == null) {
            return 2_000_000;
        }
        int load = Math.min(connection.outstanding(), 999_999);
        return switch (connection.state()) {
            case READY -> load;
            case CONNECTING -> 1_000_000 + load;
            case DISCONNECTED -> connection.inBackoff() ? 3_000_000 : 2_000_000;
            case CLOSED -> 4_000_000;
        };
    }

    /** Expires overdue requests on every connection. */
    void expire(long nowNanos) {
        for (NodeConnection connection : connections.values()) {
            connection.expire(nowNanos);
        }
    }

    /** Closes every connection; what they hold fails with {@code cause}. */
    void closeAll(RunnelException cause) {
        for (NodeConnection connection : List.copyOf(connections.values())) {
            connection.close(cause);
        }
        connections.clear();
    }
}
