package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.runnel.broker.log.FlushObserver;

/**
 * What the flusher threads do: how long each fsync round of a partition takes, and how many records it made
 * durable at once (the group commit: one fsync covers every append that queued up behind the previous one).
 * Allocation-free; safe from any thread.
 */
public final class StorageMetrics implements FlushObserver {
    private static final double[] FSYNC_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5};
    private static final double[] GROUP_COMMIT_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096,
            16384, 65536};

    private final BucketHistogram.Series fsyncSeconds;
    private final BucketHistogram.Series groupCommitRecords;

    StorageMetrics(PrometheusRegistry registry) {
        fsyncSeconds = new BucketHistogram("runnel_log_flush_duration_seconds",
                "Time of one flush of a partition: fsync of its segment files (and directory when new)", Unit.SECONDS,
                FSYNC_BUCKETS, registry).series();
        groupCommitRecords = new BucketHistogram("runnel_log_flush_records",
                "Records made durable by one flush of a partition (group-commit size)", null, GROUP_COMMIT_BUCKETS,
                registry).series();
    }

    @Override
    public void flushed(long nanos, long records) {
        fsyncSeconds.observe(nanos / 1e9);
        if (records > 0) {
            groupCommitRecords.observe(records);
        }
    }
}
