package io.runnel.client;

import java.util.Collection;

/** The listener of {@link RebalanceListener#none()}: ignores every event. */
enum NoRebalanceListener implements RebalanceListener {
    INSTANCE;

    @Override
    public void onAssigned(Collection<TopicPartition> partitions) {
    }

    @Override
    public void onRevoked(Collection<TopicPartition> partitions) {
    }

    @Override
    public void onLost(Collection<TopicPartition> partitions) {
    }
}
