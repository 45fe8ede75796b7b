package io.runnel.broker.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.IntSupplier;

/**
 * Connections accepted and open, and fetches parked waiting for data. The open and parked counts are read from
 * their owners when scraped ({@link #connectionsOpen}, {@link #fetchesParked}); only accepting counts as it goes.
 */
public final class NetworkMetrics {
    private final Counter accepted;
    private volatile IntSupplier openConnections = () -> 0;
    private volatile IntSupplier parkedFetches = () -> 0;

    NetworkMetrics(PrometheusRegistry registry) {
        accepted = Counter.builder().name("runnel_connections_accepted_total")
                .help("Kafka connections accepted (refused ones, past max.connections, included)")
                .withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("runnel_connections")
                .help("Kafka connections open now")
                .callback(cb -> cb.call(openConnections.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("runnel_fetches_parked")
                .help("Fetch requests waiting (long poll) for data or for their max wait")
                .callback(cb -> cb.call(parkedFetches.getAsInt())).register(registry);
    }

    /** A connection was accepted. */
    public void accepted() {
        accepted.inc();
    }

    /** Where the open connection count is read from at scrape time. */
    public void connectionsOpen(IntSupplier source) {
        this.openConnections = source;
    }

    /** Kafka connections open now, as the network server reports them. */
    public int openConnections() {
        return openConnections.getAsInt();
    }

    /** Where the parked fetch count is read from at scrape time. */
    public void fetchesParked(IntSupplier source) {
        this.parkedFetches = source;
    }
}
