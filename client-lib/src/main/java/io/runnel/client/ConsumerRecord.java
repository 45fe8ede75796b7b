package io.runnel.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One record read by a {@link RunnelConsumer}: where it is (topic, partition, offset), when (its timestamp), and
 * what (key, value, headers). Key and value are the bytes the producer sent, null when it sent none; the
 * {@code ...AsString} accessors decode them as UTF-8. Immutable; the arrays are the record's own, not copies.
 */
public final class ConsumerRecord {
    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final boolean logAppendTime;
    private final byte[] key;
    private final byte[] value;
    private final List<Header> headers;

    /**
     * @param logAppendTime whether the timestamp is the broker's append time rather than the producer's create
     *                      time
     * @param headers       the record's headers in order, never null
     */
    public ConsumerRecord(String topic, int partition, long offset, long timestamp, boolean logAppendTime,
                          byte[] key, byte[] value, List<Header> headers) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.logAppendTime = logAppendTime;
        this.key = key;
        this.value = value;
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** The topic and partition together. */
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The record's position in its partition. */
    public long offset() {
        return offset;
    }

    /** Milliseconds since the epoch: the producer's create time, or the broker's append time (see below). */
    public long timestamp() {
        return timestamp;
    }

    /** Whether {@link #timestamp()} is the broker's append time (topic config LogAppendTime). */
    public boolean isLogAppendTime() {
        return logAppendTime;
    }

    /** The key bytes, or null. */
    public byte[] key() {
        return key;
    }

    /** The value bytes, or null (a tombstone in a compacted topic). */
    public byte[] value() {
        return value;
    }

    /** The key decoded as UTF-8, or null. */
    public String keyAsString() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8, or null. */
    public String valueAsString() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The headers in the order the producer added them; empty when there are none. */
    public List<Header> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "ConsumerRecord(" + topic + "-" + partition + "@" + offset + ", timestamp=" + timestamp + ", key="
                + (key == null ? "null" : key.length + " bytes") + ", value="
                + (value == null ? "null" : value.length + " bytes") + ", headers=" + headers.size() + ")";
    }
}
