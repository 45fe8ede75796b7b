package io.runnel.broker.group.core;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The topics of the broker as consumer groups see them at one moment: name → (topic id, partition count). The broker
 * hands a new image to every consumer group whenever a topic is created, deleted or grows.
 */
public final class TopicMetadataImage {

    /** No topics. */
    public static final TopicMetadataImage EMPTY = new TopicMetadataImage(Map.of());

    private final Map<String, Topic> byName;
    private final Map<UUID, Topic> byId;

    private TopicMetadataImage(Map<String, Topic> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
        Map<UUID, Topic> ids = new HashMap<>();
        for (Topic topic : byName.values()) {
            if (ids.put(topic.id(), topic) != null) {
                throw new IllegalArgumentException("Two topics have topic id " + topic.id());
            }
        }
        this.byId = Collections.unmodifiableMap(ids);
    }

    /** An image of {@code topics}. */
    public static TopicMetadataImage of(Collection<Topic> topics) {
        Map<String, Topic> byName = new HashMap<>();
        for (Topic topic : topics) {
            if (byName.put(topic.name(), topic) != null) {
                throw new IllegalArgumentException("Topic " + topic.name() + " is listed twice");
            }
        }
        return new TopicMetadataImage(byName);
    }

    /** An image from the broker's map of topic name → topic. */
    public static TopicMetadataImage of(Map<String, Topic> topicsByName) {
        topicsByName.forEach((name, topic) -> {
            if (!name.equals(topic.name())) {
                throw new IllegalArgumentException("Topic keyed " + name + " is named " + topic.name());
            }
        });
        return new TopicMetadataImage(topicsByName);
    }

    public Optional<Topic> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Topic> byId(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every topic, sorted by name. */
    public Collection<Topic> topics() {
        return byName.values();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicMetadataImage other && byName.equals(other.byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return byName.values().toString();
    }

    /** One topic: its name, its id and how many partitions it has now. */
    public record Topic(String name, UUID id, int partitionCount) {
        public Topic {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
            if (partitionCount < 0) {
                throw new IllegalArgumentException("Topic " + name + " has a negative partition count: " + partitionCount);
            }
        }
    }
}
