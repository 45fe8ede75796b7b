package io.runnel.broker.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * The traffic counters of one topic, resolved once: hot paths keep a reference and count through it without
 * looking anything up or allocating. Safe from any thread.
 */
public final class TopicTraffic {
    private final String topic;
    private final CounterDataPoint bytesIn;
    private final CounterDataPoint recordsIn;
    private final CounterDataPoint bytesOut;
    private final CounterDataPoint recordsOut;

    TopicTraffic(String topic, CounterDataPoint bytesIn, CounterDataPoint recordsIn, CounterDataPoint bytesOut,
                 CounterDataPoint recordsOut) {
        this.topic = topic;
        this.bytesIn = bytesIn;
        this.recordsIn = recordsIn;
        this.bytesOut = bytesOut;
        this.recordsOut = recordsOut;
    }

    /** The topic these counters belong to. */
    public String topic() {
        return topic;
    }

    /** A produce appended {@code bytes} of batches holding {@code records} records. */
    public void produced(int bytes, long records) {
        bytesIn.inc(bytes);
        recordsIn.inc(records);
    }

    /** A fetch response carries {@code bytes} of batches, {@code records} of them from the offset asked for. */
    public void fetched(long bytes, long records) {
        bytesOut.inc(bytes);
        if (records > 0) {
            recordsOut.inc(records);
        }
    }

    public long bytesIn() {
        return bytesIn.getLongValue();
    }

    public long recordsIn() {
        return recordsIn.getLongValue();
    }

    public long bytesOut() {
        return bytesOut.getLongValue();
    }

    public long recordsOut() {
        return recordsOut.getLongValue();
    }
}
