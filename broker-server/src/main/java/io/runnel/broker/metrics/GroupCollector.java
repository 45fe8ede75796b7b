package io.runnel.broker.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.runnel.broker.group.core.RebalanceCounts;
import io.runnel.broker.topic.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.runnel.broker.metrics.LogCollector.gauge;
import static io.runnel.broker.metrics.LogCollector.point;

/**
 * Consumer groups at scrape time: each group's state and members, and its lag, fresh on every scrape (no
 * sampling in between): per partition the committed offset, the lag in records and the age of the oldest
 * unconsumed record; per group the sum and maximum of those.
 *
 * <p>Group state is read through the coordinator ({@link GroupReader}), waiting at most
 * {@link #READ_TIMEOUT_MS} for it; a scrape whose read fails or times out has no group series (Prometheus shows
 * them as absent) and logs why at WARN, at most once a minute. Scrapes run one at a time.
 */
public final class GroupCollector implements MultiCollector {
    /** How long a scrape waits for the coordinator. */
    public static final long READ_TIMEOUT_MS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCollector.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final MetricMetadata INFO = new MetricMetadata("runnel_group",
            "A consumer group: its type (classic or consumer), state, protocol type and assignor; value 1");
    private static final MetricMetadata MEMBERS = gauge("runnel_group_members", "Members of the group", null);
    private static final MetricMetadata LAG_SUM = gauge("runnel_group_lag_sum",
            "Records the group has not consumed, over all its partitions", null);
    private static final MetricMetadata LAG_MAX = gauge("runnel_group_lag_max",
            "Largest lag in records of any of the group's partitions", null);
    private static final MetricMetadata LAG_SECONDS_MAX = gauge("runnel_group_lag_seconds_max",
            "Age of the oldest record the group has not consumed, over all its partitions", null);
    private static final MetricMetadata COMMITTED = gauge("runnel_group_committed_offset",
            "The group's committed offset, per partition", null);
    private static final MetricMetadata LAG = gauge("runnel_group_lag",
            "Records between the group's committed offset and the log end, per partition", null);
    private static final MetricMetadata LAG_SECONDS = gauge("runnel_group_lag_seconds",
            "Age of the oldest record the group has not consumed, per partition (0 without lag)", Unit.SECONDS);

    private static final MetricMetadata REBALANCES = new MetricMetadata("runnel_group_rebalances",
            "Rebalances of the group since the broker started, by reason (a classic group entering "
                    + "PreparingRebalance, a consumer-protocol group moving to a new epoch)");

    private final GroupReader reader;
    private final GroupLag lags;
    private final RebalanceCounts rebalanceCounts;
    private final Map<String, Labels> groupLabels = new HashMap<>();
    private final Map<PartitionKey, Labels> partitionLabels = new HashMap<>();
    private long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

    private record PartitionKey(String group, TopicPartition partition) {
    }

    public GroupCollector(GroupReader reader, GroupLag lags, RebalanceCounts rebalanceCounts) {
        this.reader = reader;
        this.lags = lags;
        this.rebalanceCounts = rebalanceCounts;
    }

    @Override
    public MetricSnapshots collect() {
        return collect((PrometheusScrapeRequest) null);
    }

    @Override
    public synchronized MetricSnapshots collect(PrometheusScrapeRequest request) {
        List<GroupSnapshot> groups = readGroups();
        lags.startRound();
        boolean perPartition = ScrapeOptions.perPartition(request);
        InfoSnapshot.Builder info = InfoSnapshot.builder().name(INFO.getName()).help(INFO.getHelp());
        List<GaugeDataPointSnapshot> members = new ArrayList<>(groups.size());
        List<GaugeDataPointSnapshot> lagSum = new ArrayList<>(groups.size());
        List<GaugeDataPointSnapshot> lagMax = new ArrayList<>(groups.size());
        List<GaugeDataPointSnapshot> ageMax = new ArrayList<>(groups.size());
        List<GaugeDataPointSnapshot> committed = new ArrayList<>();
        List<GaugeDataPointSnapshot> lag = new ArrayList<>();
        List<GaugeDataPointSnapshot> age = new ArrayList<>();
        int partitionsSeen = 0;
        for (GroupSnapshot g : groups) {
            Labels labels = groupLabels.computeIfAbsent(g.groupId(), id -> Labels.of("group", id));
            info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("group", g.groupId(),
                    "type", g.type(), "state", g.state(), "protocol_type", g.protocolType(),
                    "protocol", g.protocol())).build());
            members.add(point(g.members().size(), labels));
            long sum = 0;
            long max = 0;
            long oldestMs = 0;
            for (PartitionLag p : lags.of(g)) {
                if (p.committed() < 0) {
                    continue;
                }
                sum += p.lag();
                max = Math.max(max, p.lag());
                oldestMs = Math.max(oldestMs, p.lagMillis());
                if (perPartition) {
                    partitionsSeen++;
                    Labels pl = partitionLabels.computeIfAbsent(new PartitionKey(g.groupId(), p.partition()),
                            k -> Labels.of("group", k.group(), "topic", k.partition().topic(), "partition",
                                    Integer.toString(k.partition().partition())));
                    committed.add(point(p.committed(), pl));
                    lag.add(point(p.lag(), pl));
                    age.add(point(p.lagMillis() < 0 ? Double.NaN : p.lagMillis() / 1000.0, pl));
                }
            }
            lagSum.add(point(sum, labels));
            lagMax.add(point(max, labels));
            ageMax.add(point(oldestMs / 1000.0, labels));
        }
        lags.roundDone();
        if (groupLabels.size() > groups.size()) {
            groupLabels.clear();
        }
        if (partitionLabels.size() > partitionsSeen) {
            partitionLabels.clear();
        }
        List<CounterDataPointSnapshot> rebalances = new ArrayList<>();
        rebalanceCounts.forEach((group, reason, count) -> rebalances.add(CounterDataPointSnapshot.builder()
                .labels(Labels.of("group", group, "reason", reason.label())).value(count).build()));
        MetricSnapshots.Builder out = MetricSnapshots.builder()
                .metricSnapshot(info.build())
                .metricSnapshot(new CounterSnapshot(REBALANCES, rebalances))
                .metricSnapshot(new GaugeSnapshot(MEMBERS, members))
                .metricSnapshot(new GaugeSnapshot(LAG_SUM, lagSum))
                .metricSnapshot(new GaugeSnapshot(LAG_MAX, lagMax))
                .metricSnapshot(new GaugeSnapshot(LAG_SECONDS_MAX, ageMax));
        if (perPartition) {
            out.metricSnapshot(new GaugeSnapshot(COMMITTED, committed))
                    .metricSnapshot(new GaugeSnapshot(LAG, lag))
                    .metricSnapshot(new GaugeSnapshot(LAG_SECONDS, age));
        }
        return out.build();
    }

    private List<GroupSnapshot> readGroups() {
        try {
            return reader.readAll().get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            long now = System.nanoTime();
            if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
                lastWarnNanos = now;
                LOG.warn("Scrape has no consumer-group series: reading the groups from the coordinator failed",
                        e instanceof ExecutionException ? e.getCause() : e);
            }
            return List.of();
        }
    }

}
