package io.runnel.broker.group.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.broker.group.CommittedOffset;
import io.runnel.broker.group.StoredConsumerGroup;
import io.runnel.broker.group.StoredGroup;
import io.runnel.broker.log.LogSlice;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordReader;
import io.runnel.protocol.record.RecordView;

import java.util.HashMap;
import java.util.Map;

/**
 * Replays partitions of {@code __consumer_offsets} from their log start to their end, keeping the latest value of
 * every key; a tombstone deletes its key. A record that cannot be decoded stops start-up with an exception naming the
 * partition and offset: skipping it could silently bring back an older offset or a deleted group.
 */
final class OffsetsTopicLoader {
    private static final int READ_BYTES = 1 << 20;

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    private final Map<String, Object> groups = new HashMap<>();
    private final RecordBatch batch = new RecordBatch();
    private long records;

    /** Replays one partition log. */
    void replay(PartitionLog log) {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        try (RecordReader reader = new RecordReader()) {
            while (offset < end) {
                LogSlice slice = log.read(offset, READ_BYTES, true);
                ByteBuf bytes = Unpooled.buffer(slice.length());
                try {
                    slice.readInto(bytes);
                } finally {
                    slice.release();
                }
                try {
                    long next = replayBatches(log, bytes, offset, reader);
                    if (next <= offset) {
                        throw new IllegalStateException("__consumer_offsets partition " + log.topicPartition()
                                + " returned no batch at offset " + offset + " below its end " + end);
                    }
                    offset = next;
                } finally {
                    bytes.release();
                }
            }
        }
    }

    /** Applies every whole batch in {@code bytes}; returns the offset after the last one. */
    private long replayBatches(PartitionLog log, ByteBuf bytes, long from, RecordReader reader) {
        long next = from;
        int index = 0;
        while (bytes.writerIndex() - index >= RecordBatch.HEADER_SIZE) {
            int size = RecordBatch.sizeAt(bytes, index);
            if (size < RecordBatch.HEADER_SIZE || size > bytes.writerIndex() - index) {
                break;
            }
            batch.wrap(bytes, index);
            if (!batch.isControl()) {
                try {
                    reader.reset(batch);
                    while (reader.hasNext()) {
                        RecordView record = reader.next();
                        if (record.offset() >= from) {
                            apply(log, record);
                        }
                    }
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("Cannot read the batch at offset " + batch.baseOffset() + " of "
                            + log.topicPartition() + ": " + e.getMessage(), e);
                }
            }
            next = Math.max(next, batch.nextOffset());
            index += size;
        }
        return next;
    }

    private void apply(PartitionLog log, RecordView record) {
        ByteBuf key = record.key();
        if (key == null) {
            return;
        }
        try {
            OffsetsTopicRecords.Key decoded = OffsetsTopicRecords.readKey(key);
            ByteBuf value = record.value();
            if (decoded.isOffset()) {
                applyOffset(decoded, value == null ? null : OffsetsTopicRecords.readOffsetValue(value));
            } else if (value == null) {
                groups.remove(decoded.groupId());
            } else {
                groups.put(decoded.groupId(), OffsetsTopicRecords.readGroupValue(decoded.groupId(), value));
            }
            records++;
        } catch (MalformedMessageException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the record at offset " + record.offset() + " of "
                    + log.topicPartition() + ": " + e.getMessage(), e);
        }
    }

    private void applyOffset(OffsetsTopicRecords.Key key, CommittedOffset offset) {
        if (offset != null) {
            offsets.computeIfAbsent(key.groupId(), g -> new HashMap<>()).put(key.partition(), offset);
            return;
        }
        Map<TopicPartition, CommittedOffset> group = offsets.get(key.groupId());
        if (group != null) {
            group.remove(key.partition());
            if (group.isEmpty()) {
                offsets.remove(key.groupId());
            }
        }
    }

    /** Committed offsets by group. */
    Map<String, Map<TopicPartition, CommittedOffset>> offsets() {
        return offsets;
    }

    /** Classic groups by id. */
    Map<String, StoredGroup> classicGroups() {
        Map<String, StoredGroup> classic = new HashMap<>();
        groups.forEach((id, value) -> {
            if (value instanceof StoredGroup group) {
                classic.put(id, group);
            }
        });
        return classic;
    }

    /** Consumer-protocol groups by id. */
    Map<String, StoredConsumerGroup> consumerGroups() {
        Map<String, StoredConsumerGroup> consumer = new HashMap<>();
        groups.forEach((id, value) -> {
            if (value instanceof StoredConsumerGroup group) {
                consumer.put(id, group);
            }
        });
        return consumer;
    }

    /** Records applied so far. */
    long records() {
        return records;
    }
}
