package io.runnel.broker.log;

import io.runnel.broker.config.ConfigException;
import io.runnel.broker.thread.AgentRunner;
import io.runnel.broker.thread.TaskAgent;
import io.runnel.broker.topic.InvalidPartitionsException;
import io.runnel.broker.topic.InvalidReplicationFactorException;
import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicAlreadyExistsException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicRegistry;
import io.runnel.broker.topic.TopicNotFoundException;
import io.runnel.broker.topic.UnknownTopicIdException;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Topic changes that clients ask for — create, delete, add partitions, alter configs — checked against Kafka's rules
 * for a one-broker cluster and carried out by the {@link LogManager}.
 *
 * <p>Every change writes and fsyncs files, which must not happen on a network thread, so changes run on this
 * object's own agent ({@code runnel-topic-admin}, a {@link TaskAgent}), one at a time in the order they were asked
 * for, and each method returns a future that completes there. What that thread may block on: creating, renaming
 * and fsyncing partition directories and topic files, loading new partitions' logs, closing deleted ones, and the
 * log manager's topic lock. A change whose checks fail completes exceptionally with an exception that names the topic, the
 * value and the rule: {@link InvalidTopicException}, {@link TopicAlreadyExistsException}, {@link TopicNotFoundException},
 * {@link UnknownTopicIdException}, {@link InvalidPartitionsException}, {@link InvalidReplicationFactorException} or
 * {@link ConfigException}. Reading topics needs no thread: use {@link #registry()}.
 */
public final class TopicAdmin implements AutoCloseable {
    /** The replication factor a one-broker cluster gives; -1 asks for the default, which is the same. */
    public static final int REPLICATION_FACTOR = 1;

    private final LogManager logs;
    private final int defaultPartitions;
    private final int maxPartitions;
    private final TaskAgent agent;
    private final AgentRunner runner;

    /**
     * @param defaultPartitions partitions of a topic created without a count ({@code num.partitions})
     * @param maxPartitions     the most partitions one topic may have
     */
    public TopicAdmin(LogManager logs, int defaultPartitions, int maxPartitions) {
        this.logs = logs;
        this.defaultPartitions = defaultPartitions;
        this.maxPartitions = maxPartitions;
        this.agent = new TaskAgent("topic-admin");
        this.runner = AgentRunner.start(agent);
    }

    /**
     * What a client asks to create.
     *
     * @param partitions        the partition count, or -1 for {@code num.partitions}
     * @param replicationFactor 1, or -1 for the default (also 1)
     * @param configs           topic-level config overrides (Kafka's names)
     */
    public record NewTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        public NewTopic {
            configs = Map.copyOf(configs);
        }
    }

    /** The topics as they are now (lock-free lookups). */
    public TopicRegistry registry() {
        return logs.registry();
    }

    /** The log settings every topic starts from, before its overrides. */
    public LogConfig defaults() {
        return logs.config().defaults();
    }

    /**
     * Creates a topic, or with {@code validateOnly} only checks that it could be created and returns what it would
     * be (with an id that is not kept).
     */
    public CompletableFuture<TopicInfo> create(NewTopic spec, boolean validateOnly) {
        return submit(() -> {
            TopicInfo checked = check(spec);
            if (validateOnly) {
                return checked;
            }
            return logs.createTopic(checked.name(), checked.partitionCount(), checked.configs());
        });
    }

    /**
     * The topic named {@code name}, created with the default partition count and no overrides when it does not exist
     * (Metadata's auto-creation). Internal topic names are never created this way.
     */
    public CompletableFuture<TopicInfo> createIfAbsent(String name) {
        return submit(() -> {
            TopicInfo existing = registry().get(name);
            if (existing != null) {
                return existing;
            }
            if (TopicNames.isInternal(name)) {
                throw new TopicNotFoundException(name);
            }
            TopicInfo checked = check(new NewTopic(name, -1, -1, Map.of()));
            return logs.createTopic(checked.name(), checked.partitionCount(), checked.configs());
        });
    }

    /** Deletes the topic named {@code name}; returns what it was. */
    public CompletableFuture<TopicInfo> delete(String name) {
        return submit(() -> deleteExisting(existing(name)));
    }

    /** Deletes the topic with this id; returns what it was. */
    public CompletableFuture<TopicInfo> delete(UUID id) {
        return submit(() -> {
            TopicInfo topic = registry().get(id);
            if (topic == null) {
                throw new UnknownTopicIdException(id);
            }
            return deleteExisting(topic);
        });
    }

    /** Raises a topic's partition count to {@code count} (the new total), or only checks that it could. */
    public CompletableFuture<TopicInfo> addPartitions(String name, int count, boolean validateOnly) {
        return submit(() -> {
            TopicInfo topic = existing(name);
            if (count <= topic.partitionCount()) {
                throw new InvalidPartitionsException(count == topic.partitionCount()
                        ? "topic " + name + " already has " + count + " partitions"
                        : "topic " + name + " has " + topic.partitionCount() + " partitions, more than the requested "
                        + count + "; partitions cannot be removed");
            }
            checkAtMostMax(name, count);
            return validateOnly ? topic.withPartitionCount(count) : logs.addPartitions(name, count);
        });
    }

    /**
     * Replaces a topic's config overrides by {@code change} applied to the current ones (a read-modify-write that no
     * other change can interleave with), or only checks the result.
     *
     * @param change gets the current overrides and returns the new ones; throws {@link ConfigException} to refuse
     */
    public CompletableFuture<TopicInfo> alterConfigs(String name, UnaryOperator<Map<String, String>> change,
                                                     boolean validateOnly) {
        return submit(() -> {
            TopicInfo topic = existing(name);
            Map<String, String> overrides = change.apply(topic.configs());
            checkConfigs(overrides);
            return validateOnly ? topic.withConfigs(overrides) : logs.alterTopicConfigs(name, overrides);
        });
    }

    private TopicInfo check(NewTopic spec) {
        String name = spec.name();
        TopicNames.validate(name);
        if (TopicNames.isInternal(name)) {
            throw new InvalidTopicException("topic name " + name + " is reserved for the broker's internal topic");
        }
        if (registry().get(name) != null) {
            throw new TopicAlreadyExistsException(name);
        }
        for (TopicInfo other : registry().all()) {
            if (TopicNames.collide(name, other.name())) {
                throw new InvalidTopicException("topic " + name + " collides with the existing topic "
                        + other.name() + " (names that differ only by '.' and '_' are not allowed together)");
            }
        }
        int partitions = spec.partitions() == -1 ? defaultPartitions : spec.partitions();
        if (partitions < 1) {
            throw new InvalidPartitionsException("topic " + name + ": the number of partitions must be positive, not "
                    + spec.partitions());
        }
        checkAtMostMax(name, partitions);
        if (spec.replicationFactor() != -1 && spec.replicationFactor() != REPLICATION_FACTOR) {
            throw new InvalidReplicationFactorException("topic " + name + ": replication factor "
                    + spec.replicationFactor() + " cannot be reached by a single broker; use 1 or -1");
        }
        checkConfigs(spec.configs());
        return TopicInfo.newTopic(name, partitions, spec.configs());
    }

    private void checkAtMostMax(String name, int partitions) {
        if (partitions > maxPartitions) {
            throw new InvalidPartitionsException("topic " + name + ": " + partitions
                    + " partitions is more than max.partitions.per.topic=" + maxPartitions);
        }
    }

    private void checkConfigs(Map<String, String> overrides) {
        try {
            defaults().withTopicOverrides(overrides);
        } catch (IllegalArgumentException e) {
            throw e instanceof ConfigException known ? known : new ConfigException(e.getMessage());
        }
    }

    private TopicInfo existing(String name) {
        TopicInfo topic = registry().get(name);
        if (topic == null) {
            TopicNames.validate(name);
            throw new TopicNotFoundException(name);
        }
        return topic;
    }

    private TopicInfo deleteExisting(TopicInfo topic) {
        if (TopicNames.isInternal(topic.name())) {
            throw new InvalidTopicException("the internal topic " + topic.name() + " cannot be deleted");
        }
        logs.deleteTopic(topic.name());
        return topic;
    }

    private <T> CompletableFuture<T> submit(Supplier<T> change) {
        try {
            return CompletableFuture.supplyAsync(change, agent);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the broker is shutting down", e));
        }
    }

    /** Lets the changes already asked for finish and stops the thread; changes asked for later fail. */
    @Override
    public void close() {
        agent.shutdown();
        runner.close();
    }
}
