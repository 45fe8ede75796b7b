package io.runnel.broker.group;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.assignor.PartitionAssignor;
import io.runnel.broker.group.assignor.RangeAssignor;
import io.runnel.broker.group.assignor.UniformAssignor;
import io.runnel.broker.group.store.OffsetsTopicStore;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The group coordinator as a broker runs it: settings from the broker configuration, groups and offsets stored in
 * {@code __consumer_offsets} (created at the first start-up, replayed at every start-up), and every topic change
 * passed on to consumer-protocol groups.
 */
public final class GroupCoordinators {

    private GroupCoordinators() {
    }

    /**
     * Opens {@code __consumer_offsets} in {@code logs}, replays it and starts the coordinator on it. Close the
     * coordinator before the logs.
     *
     */
    public static GroupCoordinator start(BrokerConfig config, LogManager logs) {
        GroupConfig groupConfig = groupConfig(config);
        OffsetsTopicStore store = OffsetsTopicStore.open(logs, config.get(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS),
                config.get(BrokerConfig.OFFSETS_TOPIC_SEGMENT_BYTES), System::currentTimeMillis);
        TopicRegistry registry = logs.registry();
        GroupCoordinator coordinator = new GroupCoordinator(groupConfig, store, store, () -> topics(registry));
        registry.addChangeListener(coordinator::topicsChanged);
        return coordinator;
    }

    /** The coordinator's settings from the broker's keys (BrokerConfig checked how they bound one another). */
    public static GroupConfig groupConfig(BrokerConfig config) {
        int heartbeat = config.get(BrokerConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS);
        int session = config.get(BrokerConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS);
        List<PartitionAssignor> assignors = new ArrayList<>();
        for (String name : config.get(BrokerConfig.GROUP_CONSUMER_ASSIGNORS)) {
            assignors.add(name.equals("range") ? new RangeAssignor() : new UniformAssignor());
        }
        return GroupConfig.builder()
                .initialRebalanceDelayMs(config.get(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS))
                .minSessionTimeoutMs(config.get(BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS))
                .maxSessionTimeoutMs(config.get(BrokerConfig.GROUP_MAX_SESSION_TIMEOUT_MS))
                .maxSize(config.get(BrokerConfig.GROUP_MAX_SIZE))
                .offsetsRetentionMinutes(config.get(BrokerConfig.OFFSETS_RETENTION_MINUTES))
                .offsetsRetentionCheckIntervalMs(config.get(BrokerConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS))
                .offsetMetadataMaxBytes(config.get(BrokerConfig.OFFSET_METADATA_MAX_BYTES))
                .consumer(new ConsumerGroupConfig(heartbeat, session, config.get(BrokerConfig.GROUP_CONSUMER_MAX_SIZE)))
                .assignors(new Assignors(assignors))
                .build();
    }

    /** The registry's topics as consumer groups see them. */
    static TopicMetadataImage topics(TopicRegistry registry) {
        List<TopicMetadataImage.Topic> topics = new ArrayList<>();
        for (TopicInfo topic : registry.all()) {
            topics.add(new TopicMetadataImage.Topic(topic.name(), topic.id(), topic.partitionCount()));
        }
        return TopicMetadataImage.of(topics);
    }
}
