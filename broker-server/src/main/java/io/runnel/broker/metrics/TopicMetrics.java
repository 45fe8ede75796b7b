package io.runnel.broker.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes and records in (produced), and bytes and records out (fetched), per topic. {@link #topic(String)} resolves a topic's counters
 * once and caches them, so a request pays one hash lookup of the topic name it already holds; callers that keep
 * the returned {@link TopicTraffic} pay nothing. A deleted topic's series are dropped by {@link #remove(String)}.
 */
public final class TopicMetrics {
    private final Counter bytesIn;
    private final Counter recordsIn;
    private final Counter bytesOut;
    private final Counter recordsOut;
    private final Map<String, TopicTraffic> byTopic = new ConcurrentHashMap<>();

    TopicMetrics(PrometheusRegistry registry) {
        bytesIn = Counter.builder().name("runnel_topic_in_bytes_total").unit(Unit.BYTES)
                .help("Bytes of record batches appended by produce requests, per topic")
                .labelNames("topic").withoutExemplars().register(registry);
        recordsIn = Counter.builder().name("runnel_topic_in_records_total")
                .help("Records appended by produce requests, per topic")
                .labelNames("topic").withoutExemplars().register(registry);
        bytesOut = Counter.builder().name("runnel_topic_out_bytes_total").unit(Unit.BYTES)
                .help("Bytes of record batches sent in fetch responses, per topic")
                .labelNames("topic").withoutExemplars().register(registry);
        recordsOut = Counter.builder().name("runnel_topic_out_records_total")
                .help("Records sent in fetch responses from the offset each fetch asked for, per topic (offsets, so "
                        + "gaps left by compaction count too)")
                .labelNames("topic").withoutExemplars().register(registry);
    }

    /** The counters of {@code topic}, created on first use. */
    public TopicTraffic topic(String topic) {
        TopicTraffic traffic = byTopic.get(topic);
        return traffic != null ? traffic : byTopic.computeIfAbsent(topic, this::create);
    }

    /** The counters of {@code topic} if it has had traffic, else null. */
    public TopicTraffic existing(String topic) {
        return byTopic.get(topic);
    }

    /** Drops a deleted topic's series, so a topic created later under the same name starts from zero. */
    public void remove(String topic) {
        if (byTopic.remove(topic) != null) {
            bytesIn.remove(topic);
            recordsIn.remove(topic);
            bytesOut.remove(topic);
            recordsOut.remove(topic);
        }
    }

    /** Sums over every topic: bytes in, records in, bytes out, records out. */
    public long[] totals() {
        long[] sums = new long[4];
        for (TopicTraffic t : byTopic.values()) {
            sums[0] += t.bytesIn();
            sums[1] += t.recordsIn();
            sums[2] += t.bytesOut();
            sums[3] += t.recordsOut();
        }
        return sums;
    }

    private TopicTraffic create(String topic) {
        return new TopicTraffic(topic, bytesIn.labelValues(topic), recordsIn.labelValues(topic),
                bytesOut.labelValues(topic), recordsOut.labelValues(topic));
    }
}
