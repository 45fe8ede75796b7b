package io.runnel.broker.group.assignor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An immutable set of partitions grouped by topic id: what a member owns, is assigned, or must give up. Topics map to
 * non-empty sorted partition sets; iteration order is by topic id, then partition, so it is deterministic.
 */
public final class Assignment {

    /** No partitions at all. */
    public static final Assignment EMPTY = new Assignment(Collections.emptySortedMap(), 0);

    private final SortedMap<UUID, SortedSet<Integer>> topics;
    private final int size;

    private Assignment(SortedMap<UUID, SortedSet<Integer>> topics, int size) {
        this.topics = topics;
        this.size = size;
    }

    /** The partitions of {@code topics}; topics with no partitions are dropped. */
    public static Assignment of(Map<UUID, ? extends Collection<Integer>> topics) {
        Builder builder = new Builder();
        topics.forEach((topicId, partitions) -> partitions.forEach(p -> builder.add(topicId, p)));
        return builder.build();
    }

    /** The given partitions. */
    public static Assignment of(Collection<TopicIdPartition> partitions) {
        Builder builder = new Builder();
        partitions.forEach(builder::add);
        return builder.build();
    }

    /** A builder that starts empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** Topic id → its partitions (never empty), unmodifiable. */
    public SortedMap<UUID, SortedSet<Integer>> topics() {
        return topics;
    }

    /** The partitions of one topic, empty when the topic has none here. */
    public SortedSet<Integer> partitions(UUID topicId) {
        SortedSet<Integer> partitions = topics.get(topicId);
        return partitions == null ? Collections.emptySortedSet() : partitions;
    }

    public boolean contains(UUID topicId, int partition) {
        SortedSet<Integer> partitions = topics.get(topicId);
        return partitions != null && partitions.contains(partition);
    }

    public boolean contains(TopicIdPartition partition) {
        return contains(partition.topicId(), partition.partition());
    }

    /** Number of partitions over all topics. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Every partition, sorted. */
    public List<TopicIdPartition> partitionList() {
        List<TopicIdPartition> result = new ArrayList<>(size);
        topics.forEach((topicId, partitions) -> partitions.forEach(p -> result.add(new TopicIdPartition(topicId, p))));
        return result;
    }

    /** The partitions here that are not in {@code other}. */
    public Assignment minus(Assignment other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        Builder builder = new Builder();
        topics.forEach((topicId, partitions) -> partitions.forEach(p -> {
            if (!other.contains(topicId, p)) {
                builder.add(topicId, p);
            }
        }));
        return builder.build();
    }

    /** The partitions both here and in {@code other}. */
    public Assignment intersect(Assignment other) {
        Builder builder = new Builder();
        topics.forEach((topicId, partitions) -> partitions.forEach(p -> {
            if (other.contains(topicId, p)) {
                builder.add(topicId, p);
            }
        }));
        return builder.build();
    }

    /** The partitions here or in {@code other}. */
    public Assignment union(Assignment other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new Builder().addAll(this).addAll(other).build();
    }

    /** Whether every partition of {@code other} is here. */
    public boolean containsAll(Assignment other) {
        for (Map.Entry<UUID, SortedSet<Integer>> entry : other.topics.entrySet()) {
            SortedSet<Integer> mine = topics.get(entry.getKey());
            if (mine == null || !mine.containsAll(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Whether at least one partition is both here and in {@code other}. */
    public boolean intersects(Assignment other) {
        for (Map.Entry<UUID, SortedSet<Integer>> entry : other.topics.entrySet()) {
            SortedSet<Integer> mine = topics.get(entry.getKey());
            if (mine != null && !Collections.disjoint(mine, entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignment other && size == other.size && topics.equals(other.topics);
    }

    @Override
    public int hashCode() {
        return topics.hashCode();
    }

    @Override
    public String toString() {
        return topics.toString();
    }

    /** Collects partitions; duplicates are ignored. */
    public static final class Builder {
        private final TreeMap<UUID, TreeSet<Integer>> topics = new TreeMap<>();

        private Builder() {
        }

        public Builder add(UUID topicId, int partition) {
            Objects.requireNonNull(topicId, "topicId");
            if (partition < 0) {
                throw new IllegalArgumentException("Partition number must not be negative: " + partition + " of topic " + topicId);
            }
            topics.computeIfAbsent(topicId, id -> new TreeSet<>()).add(partition);
            return this;
        }

        public Builder add(TopicIdPartition partition) {
            return add(partition.topicId(), partition.partition());
        }

        public Builder addAll(Assignment assignment) {
            assignment.topics.forEach((topicId, partitions) -> topics.computeIfAbsent(topicId, id -> new TreeSet<>()).addAll(partitions));
            return this;
        }

        public Builder remove(UUID topicId, int partition) {
            TreeSet<Integer> partitions = topics.get(topicId);
            if (partitions != null && partitions.remove(partition) && partitions.isEmpty()) {
                topics.remove(topicId);
            }
            return this;
        }

        public Assignment build() {
            if (topics.isEmpty()) {
                return EMPTY;
            }
            TreeMap<UUID, SortedSet<Integer>> copy = new TreeMap<>();
            int size = 0;
            for (Map.Entry<UUID, TreeSet<Integer>> entry : topics.entrySet()) {
                copy.put(entry.getKey(), Collections.unmodifiableSortedSet(new TreeSet<>(entry.getValue())));
                size += entry.getValue().size();
            }
            return new Assignment(Collections.unmodifiableSortedMap(copy), size);
        }
    }
}
