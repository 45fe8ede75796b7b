package io.runnel.broker.network;

import io.runnel.broker.config.BrokerConfig;

/**
 * The limits and sizes of the network layer, taken from the broker configuration.
 *
 * @param threads             event-loop threads for connections
 * @param maxConnections      connections open at once
 * @param maxFrameBytes       largest request frame (socket.request.max.bytes)
 * @param maxInFlightBytes    request bytes one connection may have unanswered before reading pauses
 * @param maxInFlightRequests requests one connection may have unanswered before reading pauses
 * @param idleMillis          close a connection idle this long; 0 never
 */
public record NetworkSettings(int threads, int maxConnections, int maxFrameBytes, long maxInFlightBytes,
                              int maxInFlightRequests, long idleMillis) {
    /** The settings {@code config} asks for. */
    public static NetworkSettings from(BrokerConfig config) {
        return new NetworkSettings(
                config.get(BrokerConfig.NUM_NETWORK_THREADS),
                config.get(BrokerConfig.MAX_CONNECTIONS),
                config.get(BrokerConfig.SOCKET_REQUEST_MAX_BYTES),
                config.get(BrokerConfig.CONNECTION_MAX_INFLIGHT_REQUEST_BYTES),
                config.get(BrokerConfig.CONNECTION_MAX_INFLIGHT_REQUESTS),
                config.get(BrokerConfig.CONNECTIONS_MAX_IDLE_MS));
    }
}
