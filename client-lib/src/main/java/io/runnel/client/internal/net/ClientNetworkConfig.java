package io.runnel.client.internal.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ClientNetwork} needs: where to bootstrap, who it is, and its time limits. Immutable; build one with
 * {@link #builder(String)}.
 *
 * @param bootstrap           addresses tried in turn until one answers; node ids -1, -2, ... in this order
 * @param clientId            the request header's client id
 * @param requestTimeout      default bound on one request, from {@code send} to its response
 * @param connectTimeout      bound on opening a TCP connection
 * @param reconnectBackoff    first wait before reconnecting to a node that failed
 * @param reconnectBackoffMax the cap the wait doubles up to
 * @param maxInFlight         requests sent on one connection before the next waits for a response
 * @param maxResponseBytes    largest response frame accepted; a larger one closes the connection
 * @param security            TLS and SASL of every connection
 */
public record ClientNetworkConfig(List<InetSocketAddress> bootstrap, String clientId, Duration requestTimeout,
                                  Duration connectTimeout, Duration reconnectBackoff, Duration reconnectBackoffMax,
                                  int maxInFlight, int maxResponseBytes, ConnectionSecurity security) {
    /** @throws IllegalArgumentException naming the setting that is missing or out of range */
    public ClientNetworkConfig {
        bootstrap = List.copyOf(bootstrap);
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("at least one bootstrap address is needed");
        }
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(security, "security");
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectBackoff", reconnectBackoff);
        requirePositive("reconnectBackoffMax", reconnectBackoffMax);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, not " + maxInFlight);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be >= 1, not " + maxResponseBytes);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }

    /**
     * Parses a bootstrap list: {@code host:port} entries separated by commas (spaces allowed), IPv6 hosts in
     * brackets ({@code [::1]:9092}). Addresses stay unresolved until a connection is opened.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code host:port}
     */
    public static List<InetSocketAddress> parseBootstrap(String servers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String raw : servers.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("bootstrap address '" + entry + "' is not host:port");
            }
            String host = entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bootstrap address '" + entry + "' has a port that is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bootstrap address '" + entry + "' has port " + port
                        + ", outside 1-65535");
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("bootstrap '" + servers + "' names no host:port");
        }
        return addresses;
    }

    /** A builder with Kafka's client defaults, for the comma-separated {@code host:port} list. */
    public static Builder builder(String bootstrapServers) {
        return new Builder(parseBootstrap(bootstrapServers));
    }

    /** Defaults: request timeout 30 s, connect 10 s, backoff 50 ms doubling to 1 s, 5 in flight, 100 MiB frames. */
    public static final class Builder {
        private final List<InetSocketAddress> bootstrap;
        private String clientId = "runnel-client";
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectBackoff = Duration.ofMillis(50);
        private Duration reconnectBackoffMax = Duration.ofSeconds(1);
        private int maxInFlight = 5;
        private int maxResponseBytes = 100 * 1024 * 1024;
        private ConnectionSecurity security = ConnectionSecurity.NONE;

        private Builder(List<InetSocketAddress> bootstrap) {
            this.bootstrap = bootstrap;
        }

        /** The request header's client id. Default {@code runnel-client}. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** Bound on one request, from send to response. Default 30 s. */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** Bound on opening a TCP connection. Default 10 s. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** First wait before reconnecting to a failed node, and the cap it doubles up to. Default 50 ms, 1 s. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectBackoff = initial;
            this.reconnectBackoffMax = max;
            return this;
        }

        /** Requests awaiting a response per connection before the next one queues. Default 5. */
        public Builder maxInFlight(int value) {
            this.maxInFlight = value;
            return this;
        }

        /** Largest response frame accepted; a larger one closes the connection. Default 100 MiB. */
        public Builder maxResponseBytes(int value) {
            this.maxResponseBytes = value;
            return this;
        }

        /** TLS and SASL for every connection. Default: plain TCP, no authentication. */
        public Builder security(ConnectionSecurity value) {
            this.security = value;
            return this;
        }

        /** The configuration; see the record's constructor for what is rejected. */
        public ClientNetworkConfig build() {
            return new ClientNetworkConfig(bootstrap, clientId, requestTimeout, connectTimeout, reconnectBackoff,
                    reconnectBackoffMax, maxInFlight, maxResponseBytes, security);
        }
    }
}
