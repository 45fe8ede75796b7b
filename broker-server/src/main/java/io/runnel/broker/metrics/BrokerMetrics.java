package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The metrics of one broker: the recorders that hot paths count through ({@link #requests()}, {@link #topics()},
 * {@link #storage()}, {@link #network()}), the collectors that read broker state when scraped (registered with
 * {@link #register}), and the process's JVM metrics.
 *
 * <p>Each broker has its own registry, so several brokers in one JVM (tests) do not mix their series. The JVM
 * metrics live in one registry per process ({@link JvmRegistry}) that every broker's scrape appends.
 */
public final class BrokerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final TopicMetrics topics = new TopicMetrics(registry);
    private final StorageMetrics storage = new StorageMetrics(registry);
    private final NetworkMetrics network = new NetworkMetrics(registry);

    public RequestMetrics requests() {
        return requests;
    }

    public TopicMetrics topics() {
        return topics;
    }

    public StorageMetrics storage() {
        return storage;
    }

    public NetworkMetrics network() {
        return network;
    }

    /** Adds a collector that reads broker state at scrape time. */
    public void register(MultiCollector collector) {
        registry.register(collector);
    }

    /** Removes a collector added by {@link #register}. */
    public void unregister(MultiCollector collector) {
        registry.unregister(collector);
    }

    /**
     * Collects every series: this broker's, then the JVM's. Collectors may block briefly (group state is read on
     * the coordinator thread): call this off the network threads.
     *
     * @param request the scrape's path and query parameters ({@code name[]} filters families, and
     *                {@code partition_series=false} drops the per-partition series)
     */
    public MetricSnapshots scrape(PrometheusScrapeRequest request) {
        Predicate<String> names = ScrapeOptions.nameFilter(request);
        List<MetricSnapshot> all = new ArrayList<>();
        for (MetricSnapshot s : registry.scrape(names, request)) {
            all.add(s);
        }
        for (MetricSnapshot s : JvmRegistry.get().scrape(names, request)) {
            all.add(s);
        }
        return new MetricSnapshots(all);
    }
}
