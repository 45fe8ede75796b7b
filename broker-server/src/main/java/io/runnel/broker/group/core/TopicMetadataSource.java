package io.runnel.broker.group.core;

/**
 * Where the coordinator reads the broker's topics: consumer-protocol groups assign their partitions, and OffsetCommit
 * refuses partitions that do not exist. The broker builds an image from its topic registry; the coordinator reads it
 * again whenever it is told that topics changed ({@code GroupCoordinator.topicsChanged()}).
 */
@FunctionalInterface
public interface TopicMetadataSource {

    /** The topics as they are now. */
    TopicMetadataImage currentTopics();
}
