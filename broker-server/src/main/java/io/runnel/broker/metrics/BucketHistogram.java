package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family with fixed buckets whose {@link Series#observe} allocates nothing, whatever the JIT decides:
 * one striped counter per bucket and one for the sum, found by a scan of the bounds. The Prometheus client's own
 * {@code Histogram} allocates per observation on some paths (its native-histogram reset logic); this is the
 * classic histogram only, collected into the client's snapshot model at scrape time.
 *
 * <p>Series are created up front (per API, per family), never per call. Thread-safe; a scrape may see an
 * observation's bucket before its sum, which Prometheus tolerates.
 */
final class BucketHistogram implements Collector {
    private final MetricMetadata metadata;
    private final double[] upperBounds;
    private final List<Series> series = new CopyOnWriteArrayList<>();

    /** One labelled series of the family. */
    static final class Series {
        private final Labels labels;
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();

        private Series(Labels labels, double[] bounds) {
            this.labels = labels;
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Records one observation. */
        void observe(double value) {
            int i = 0;
            while (i < bounds.length - 1 && value > bounds[i]) {
                i++;
            }
            buckets[i].increment();
            sum.add(value);
        }

        /** Observations so far. */
        long count() {
            long n = 0;
            for (LongAdder b : buckets) {
                n += b.sum();
            }
            return n;
        }

        private HistogramDataPointSnapshot snapshot() {
            long[] counts = new long[buckets.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = buckets[i].sum();
            }
            return new HistogramDataPointSnapshot(ClassicHistogramBuckets.of(bounds, counts), sum.sum(), labels,
                    Exemplars.EMPTY, 0L);
        }
    }

    /** A family named {@code name} (ending in the unit's name, if any) with {@code upperBounds} (+Inf is added). */
    BucketHistogram(String name, String help, Unit unit, double[] upperBounds, PrometheusRegistry registry) {
        this.metadata = new MetricMetadata(name, help, unit);
        this.upperBounds = new double[upperBounds.length + 1];
        System.arraycopy(upperBounds, 0, this.upperBounds, 0, upperBounds.length);
        this.upperBounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        registry.register(this);
    }

    /** A new series with these labels (name, value, name, value, ...). */
    Series series(String... labelNamesAndValues) {
        Series s = new Series(Labels.of(labelNamesAndValues), upperBounds);
        series.add(s);
        return s;
    }

    @Override
    public HistogramSnapshot collect() {
        List<HistogramDataPointSnapshot> points = new ArrayList<>(series.size());
        for (Series s : series) {
            points.add(s.snapshot());
        }
        return new HistogramSnapshot(metadata, points);
    }
}
