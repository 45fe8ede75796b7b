package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Storage as it is at scrape time, read from the {@link LogManager}: per partition its log start and end offsets,
 * size and segment count; per topic its partitions, size and records; the data directory's disk.
 *
 * <p>Nothing is counted as it happens: every value is read from the logs' own volatile fields when scraped, so
 * the append path pays nothing. Label sets are cached per partition (and dropped when a partition goes), which
 * keeps a scrape's allocation to one data point per series. Scrapes run one at a time (the scrape agent).
 */
public final class LogCollector implements MultiCollector {
    private static final MetricMetadata START = gauge("runnel_partition_log_start_offset",
            "First offset a consumer can read, per partition", null);
    private static final MetricMetadata END = gauge("runnel_partition_log_end_offset",
            "Offset the next record gets (the high watermark), per partition", null);
    private static final MetricMetadata PARTITION_BYTES = gauge("runnel_partition_size_bytes",
            "Bytes of the partition's segment files", Unit.BYTES);
    private static final MetricMetadata SEGMENTS = gauge("runnel_partition_segments",
            "Segment files of the partition", null);
    private static final MetricMetadata TOPIC_PARTITIONS = gauge("runnel_topic_partitions",
            "Partitions of the topic", null);
    private static final MetricMetadata TOPIC_BYTES = gauge("runnel_topic_size_bytes",
            "Bytes of the topic's segment files", Unit.BYTES);
    private static final MetricMetadata TOPIC_RECORDS = gauge("runnel_topic_records",
            "Offsets between log start and log end, summed over the topic's partitions (records held, less any "
                    + "that compaction removed)", null);
    private static final MetricMetadata DISK_FREE = gauge("runnel_disk_free_bytes",
            "Bytes free for the broker on the file system of the data directory", Unit.BYTES);
    private static final MetricMetadata DISK_TOTAL = gauge("runnel_disk_total_bytes",
            "Size of the file system of the data directory", Unit.BYTES);

    private final LogManager logs;
    private final Path dataDir;
    private final Map<TopicPartition, Labels> partitionLabels = new HashMap<>();
    private final Map<String, Labels> topicLabels = new HashMap<>();

    public LogCollector(LogManager logs) {
        this.logs = logs;
        this.dataDir = logs.config().dataDir();
    }

    @Override
    public MetricSnapshots collect() {
        return collect((PrometheusScrapeRequest) null);
    }

    @Override
    public synchronized MetricSnapshots collect(PrometheusScrapeRequest request) {
        boolean perPartition = ScrapeOptions.perPartition(request);
        Collection<PartitionLog> all = logs.logs();
        int n = perPartition ? all.size() : 0;
        List<GaugeDataPointSnapshot> start = new ArrayList<>(n);
        List<GaugeDataPointSnapshot> end = new ArrayList<>(n);
        List<GaugeDataPointSnapshot> bytes = new ArrayList<>(n);
        List<GaugeDataPointSnapshot> segments = new ArrayList<>(n);
        Map<String, long[]> topics = new HashMap<>();
        for (PartitionLog log : all) {
            long logStart = log.logStartOffset();
            long logEnd = log.logEndOffset();
            long size = log.sizeInBytes();
            TopicPartition tp = log.topicPartition();
            if (perPartition) {
                Labels labels = partitionLabels.computeIfAbsent(tp,
                        k -> Labels.of("topic", k.topic(), "partition", Integer.toString(k.partition())));
                start.add(point(logStart, labels));
                end.add(point(logEnd, labels));
                bytes.add(point(size, labels));
                segments.add(point(log.segmentCount(), labels));
            }
            long[] sums = topics.computeIfAbsent(tp.topic(), k -> new long[3]);
            sums[0]++;
            sums[1] += size;
            sums[2] += logEnd - logStart;
        }
        if (partitionLabels.size() > all.size()) {
            partitionLabels.clear();
        }
        if (topicLabels.size() > topics.size()) {
            topicLabels.clear();
        }
        List<GaugeDataPointSnapshot> topicPartitions = new ArrayList<>(topics.size());
        List<GaugeDataPointSnapshot> topicBytes = new ArrayList<>(topics.size());
        List<GaugeDataPointSnapshot> topicRecords = new ArrayList<>(topics.size());
        for (Map.Entry<String, long[]> e : topics.entrySet()) {
            Labels labels = topicLabels.computeIfAbsent(e.getKey(), k -> Labels.of("topic", k));
            topicPartitions.add(point(e.getValue()[0], labels));
            topicBytes.add(point(e.getValue()[1], labels));
            topicRecords.add(point(e.getValue()[2], labels));
        }
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        if (perPartition) {
            out.metricSnapshot(new GaugeSnapshot(START, start))
                    .metricSnapshot(new GaugeSnapshot(END, end))
                    .metricSnapshot(new GaugeSnapshot(PARTITION_BYTES, bytes))
                    .metricSnapshot(new GaugeSnapshot(SEGMENTS, segments));
        }
        out.metricSnapshot(new GaugeSnapshot(TOPIC_PARTITIONS, topicPartitions))
                .metricSnapshot(new GaugeSnapshot(TOPIC_BYTES, topicBytes))
                .metricSnapshot(new GaugeSnapshot(TOPIC_RECORDS, topicRecords));
        addDisk(out);
        return out.build();
    }

    private void addDisk(MetricSnapshots.Builder out) {
        try {
            FileStore store = Files.getFileStore(dataDir);
            out.metricSnapshot(new GaugeSnapshot(DISK_FREE, List.of(point(store.getUsableSpace(), Labels.EMPTY))));
            out.metricSnapshot(new GaugeSnapshot(DISK_TOTAL, List.of(point(store.getTotalSpace(), Labels.EMPTY))));
        } catch (IOException e) {
            // The series are left out of this scrape: an absent series is how Prometheus shows "unknown".
        }
    }


    static GaugeDataPointSnapshot point(double value, Labels labels) {
        return new GaugeDataPointSnapshot(value, labels, null);
    }

    static MetricMetadata gauge(String name, String help, Unit unit) {
        return new MetricMetadata(name, help, unit);
    }
}
