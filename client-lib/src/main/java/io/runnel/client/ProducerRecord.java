package io.runnel.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: topic, optional partition, key, value, optional timestamp and headers. Immutable; the key,
 * value and header arrays are kept as given, not copied, so do not change them until the send completed.
 *
 * <pre>{@code
 * ProducerRecord simple = ProducerRecord.of("orders", "order-17", "{\"qty\": 3}");
 * ProducerRecord full = ProducerRecord.builder("orders")
 *         .partition(2)
 *         .key("order-17")
 *         .value(bytes)
 *         .timestamp(Instant.now().toEpochMilli())
 *         .header("trace-id", "4bf92f35")
 *         .build();
 * }</pre>
 */
public final class ProducerRecord {
    /** {@link #partition()} when the record names no partition: the producer's partitioner picks one. */
    public static final int ANY_PARTITION = -1;
    /** {@link #timestamp()} when the record carries none: the producer stamps the time of {@code send}. */
    public static final long NO_TIMESTAMP = -1L;

    private final String topic;
    private final int partition;
    private final byte[] key;
    private final byte[] value;
    private final long timestamp;
    private final List<Header> headers;

    private ProducerRecord(String topic, int partition, byte[] key, byte[] value, long timestamp,
                           List<Header> headers) {
        this.topic = topic;
        this.partition = partition;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
        this.headers = headers;
    }

    /**
     * A record with byte-array key and value, either of which may be null; the partitioner picks the partition
     * (by key hash when there is a key) and the producer stamps the time.
     *
     * @throws NullPointerException when {@code topic} is null
     */
    public static ProducerRecord of(String topic, byte[] key, byte[] value) {
        return new ProducerRecord(Objects.requireNonNull(topic, "topic"), ANY_PARTITION, key, value, NO_TIMESTAMP,
                List.of());
    }

    /**
     * A record whose key and value are the UTF-8 encodings of the strings, either of which may be null.
     *
     * @throws NullPointerException when {@code topic} is null
     */
    public static ProducerRecord of(String topic, String key, String value) {
        return of(topic, utf8(key), utf8(value));
    }

    /** A builder for a record of {@code topic} with a partition, timestamp or headers. */
    public static Builder builder(String topic) {
        return new Builder(Objects.requireNonNull(topic, "topic"));
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** The partition the record must go to, or {@link #ANY_PARTITION} to let the partitioner choose. */
    public int partition() {
        return partition;
    }

    /** The key bytes, or null. */
    public byte[] key() {
        return key;
    }

    /** The value bytes, or null (a tombstone on a compacted topic). */
    public byte[] value() {
        return value;
    }

    /** The create time in epoch milliseconds, or {@link #NO_TIMESTAMP} for "the time of send". */
    public long timestamp() {
        return timestamp;
    }

    /** The headers in the order they are written; an unmodifiable list, empty when there are none. */
    public List<Header> headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord other && topic.equals(other.topic) && partition == other.partition
                && Arrays.equals(key, other.key) && Arrays.equals(value, other.value)
                && timestamp == other.timestamp && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        int h = topic.hashCode();
        h = 31 * h + partition;
        h = 31 * h + Arrays.hashCode(key);
        h = 31 * h + Arrays.hashCode(value);
        h = 31 * h + Long.hashCode(timestamp);
        return 31 * h + headers.hashCode();
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic
                + (partition == ANY_PARTITION ? "" : ", partition=" + partition)
                + ", key=" + (key == null ? "null" : key.length + " bytes")
                + ", value=" + (value == null ? "null" : value.length + " bytes")
                + (timestamp == NO_TIMESTAMP ? "" : ", timestamp=" + timestamp)
                + (headers.isEmpty() ? "" : ", headers=" + headers) + ")";
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Builds a {@link ProducerRecord}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private int partition = ANY_PARTITION;
        private byte[] key;
        private byte[] value;
        private long timestamp = NO_TIMESTAMP;
        private List<Header> headers;

        private Builder(String topic) {
            this.topic = topic;
        }

        /**
         * Sends to this partition, bypassing the partitioner.
         *
         * @throws IllegalArgumentException when {@code partition} is negative
         */
        public Builder partition(int partition) {
            if (partition < 0) {
                throw new IllegalArgumentException("partition must be >= 0, was " + partition);
            }
            this.partition = partition;
            return this;
        }

        /** The key bytes (null for none). */
        public Builder key(byte[] key) {
            this.key = key;
            return this;
        }

        /** The key as UTF-8 (null for none). */
        public Builder key(String key) {
            this.key = utf8(key);
            return this;
        }

        /** The value bytes (null for a tombstone). */
        public Builder value(byte[] value) {
            this.value = value;
            return this;
        }

        /** The value as UTF-8 (null for a tombstone). */
        public Builder value(String value) {
            this.value = utf8(value);
            return this;
        }

        /**
         * The create time in epoch milliseconds, instead of the time of {@code send}.
         *
         * @throws IllegalArgumentException when {@code timestamp} is negative
         */
        public Builder timestamp(long timestamp) {
            if (timestamp < 0) {
                throw new IllegalArgumentException("timestamp must be >= 0, was " + timestamp);
            }
            this.timestamp = timestamp;
            return this;
        }

        /** Adds a header; headers keep the order they are added in, and keys may repeat. */
        public Builder header(Header header) {
            if (headers == null) {
                headers = new ArrayList<>(4);
            }
            headers.add(Objects.requireNonNull(header, "header"));
            return this;
        }

        /** Adds a header with a byte-array value (null allowed). */
        public Builder header(String key, byte[] value) {
            return header(Header.of(key, value));
        }

        /** Adds a header with a UTF-8 string value (null allowed). */
        public Builder header(String key, String value) {
            return header(Header.of(key, value));
        }

        /** Adds every header of {@code headers}, in order. */
        public Builder headers(Iterable<Header> headers) {
            for (Header header : headers) {
                header(header);
            }
            return this;
        }

        /** The record. */
        public ProducerRecord build() {
            List<Header> list = headers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(headers));
            return new ProducerRecord(topic, partition, key, value, timestamp, list);
        }
    }
}
