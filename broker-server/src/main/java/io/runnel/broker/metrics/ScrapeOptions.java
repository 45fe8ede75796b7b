package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;

import java.util.function.Predicate;

/**
 * The query parameters a scrape may carry: {@code name[]=family} (repeatable) keeps only those families, as the
 * Prometheus client's own exporters do; {@code partition_series=false} leaves out every per-partition series
 * (partition offsets and sizes, per-partition group lag), for brokers with many partitions.
 */
public final class ScrapeOptions {
    /** The query parameter that switches the per-partition series off. */
    public static final String PARTITION_SERIES = "partition_series";

    private ScrapeOptions() {
    }

    /** False when the scrape asked for {@code partition_series=false}. */
    public static boolean perPartition(PrometheusScrapeRequest request) {
        if (request == null) {
            return true;
        }
        String[] values = request.getParameterValues(PARTITION_SERIES);
        return values == null || values.length == 0 || !values[0].equalsIgnoreCase("false");
    }

    static Predicate<String> nameFilter(PrometheusScrapeRequest request) {
        String[] names = request == null ? null : request.getParameterValues("name[]");
        if (names == null || names.length == 0) {
            return MetricNameFilter.ALLOW_ALL;
        }
        return MetricNameFilter.builder().nameMustBeEqualTo(names).build();
    }
}
