package io.runnel.broker.group.store;

import io.runnel.broker.group.classic.StoredGroup;
import io.runnel.broker.group.consumer.StoredConsumerGroup;
import io.runnel.broker.group.offset.CommittedOffset;
import io.runnel.broker.group.store.OffsetsTopicRecord.ClassicGroupRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.CommittedOffsetRecord;
import io.runnel.broker.group.store.OffsetsTopicRecord.ConsumerGroupRecord;
import io.runnel.broker.topic.TopicPartition;

import io.runnel.broker.coordinator.StateTopic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay of {@code __consumer_offsets} leaves: the latest value of every key, in record order, a tombstone
 * deleting its key. A group id has one metadata key, so a group that changed protocol keeps only its latest record.
 * Offsets a transaction committed count from its COMMIT marker on (in record order then), are dropped at an ABORT
 * marker, and are left pending when no marker followed (the transaction coordinator ends that transaction).
 */
final class OffsetsTopicLoader implements StateTopic.ReplaySink<OffsetsTopicRecord> {
    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    private final Map<String, StoredGroup> classicGroups = new HashMap<>();
    private final Map<String, StoredConsumerGroup> consumerGroups = new HashMap<>();
    private final Map<Long, List<CommittedOffsetRecord>> pending = new HashMap<>();

    @Override
    public void transactionalRecord(long producerId, OffsetsTopicRecord record) {
        if (record instanceof CommittedOffsetRecord offset) {
            pending.computeIfAbsent(producerId, p -> new ArrayList<>()).add(offset);
        } else {
            record(record);
        }
    }

    @Override
    public void marker(long producerId, boolean commit) {
        List<CommittedOffsetRecord> ended = pending.remove(producerId);
        if (commit && ended != null) {
            ended.forEach(this::applyOffset);
        }
    }

    /** Transactional commits with no marker yet, by producer id and group. */
    Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> pendingTransactionalOffsets() {
        Map<Long, Map<String, Map<TopicPartition, CommittedOffset>>> open = new HashMap<>();
        pending.forEach((producer, records) -> {
            for (CommittedOffsetRecord r : records) {
                if (r.offset() != null) {
                    open.computeIfAbsent(producer, p -> new HashMap<>())
                            .computeIfAbsent(r.groupId(), g -> new HashMap<>()).put(r.partition(), r.offset());
                }
            }
        });
        return open;
    }

    @Override
    public void record(OffsetsTopicRecord record) {
        if (record instanceof CommittedOffsetRecord offset) {
            applyOffset(offset);
            return;
        }
        classicGroups.remove(record.groupId());
        consumerGroups.remove(record.groupId());
        if (record instanceof ClassicGroupRecord classic) {
            classicGroups.put(classic.groupId(), classic.group());
        } else if (record instanceof ConsumerGroupRecord consumer) {
            consumerGroups.put(consumer.groupId(), consumer.group());
        }
    }

    private void applyOffset(CommittedOffsetRecord record) {
        if (record.offset() != null) {
            offsets.computeIfAbsent(record.groupId(), g -> new HashMap<>()).put(record.partition(), record.offset());
            return;
        }
        Map<TopicPartition, CommittedOffset> group = offsets.get(record.groupId());
        if (group != null) {
            group.remove(record.partition());
            if (group.isEmpty()) {
                offsets.remove(record.groupId());
            }
        }
    }

    /** Committed offsets by group. */
    Map<String, Map<TopicPartition, CommittedOffset>> offsets() {
        return offsets;
    }

    /** Classic groups by id. */
    Map<String, StoredGroup> classicGroups() {
        return classicGroups;
    }

    /** Consumer-protocol groups by id. */
    Map<String, StoredConsumerGroup> consumerGroups() {
        return consumerGroups;
    }
}
