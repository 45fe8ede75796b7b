package io.runnel.broker.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Rebalances per group and reason, counted by the coordinator as they start. Rebalances are rare, so the series
 * are looked up per call. Everything else about groups is read at scrape time ({@link GroupCollector}).
 */
public final class GroupMetrics {
    private final Counter rebalances;

    GroupMetrics(PrometheusRegistry registry) {
        rebalances = Counter.builder().name("runnel_group_rebalances_total")
                .help("Rebalances started, per group and reason (member joined, member left, session timeout, "
                        + "subscription changed, metadata changed, ...)")
                .labelNames("group", "reason").withoutExemplars().register(registry);
    }

    /** Group {@code group} started a rebalance because of {@code reason} (a short lower-case phrase). */
    public void rebalance(String group, String reason) {
        rebalances.labelValues(group, reason).inc();
    }

    /** Drops a deleted group's series. */
    public void remove(String group, Iterable<String> reasons) {
        for (String reason : reasons) {
            rebalances.remove(group, reason);
        }
    }
}
