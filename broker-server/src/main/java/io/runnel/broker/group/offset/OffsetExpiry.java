package io.runnel.broker.group.offset;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupState;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.core.Group;

/**
 * From when a committed offset's retention counts, by group kind, as Kafka decides it. An offset expires once
 * {@code offsets.retention.minutes} have passed since that time (or at the expiry time its client asked for).
 */
final class OffsetExpiry {

    private OffsetExpiry() {
    }

    /**
     * The time from which the retention of {@code offset} counts, or -1 when it must not expire now.
     *
     * <ul>
     *   <li>A group that only stores offsets: from the commit.</li>
     *   <li>An Empty classic group: from when it became empty, or the commit if later.</li>
     *   <li>A Stable classic consumer group, and a consumer-protocol group: from the commit, for a topic no member
     *       subscribes to; never for a subscribed topic.</li>
     *   <li>A classic group in a rebalance, or of another protocol type: never.</li>
     * </ul>
     */
    static long baseMs(Group group, String topic, CommittedOffset offset) {
        if (group instanceof ClassicGroup classic) {
            if (classic.protocolType().isEmpty()) {
                return offset.commitTimestampMs();
            }
            if (classic.isIn(ClassicGroupState.EMPTY)) {
                return Math.max(classic.stateTimestampMs(), offset.commitTimestampMs());
            }
            if (classic.isIn(ClassicGroupState.STABLE) && Group.CONSUMER_PROTOCOL_TYPE.equals(classic.protocolType())
                    && !classic.isSubscribedTo(topic)) {
                return offset.commitTimestampMs();
            }
            return -1;
        }
        if (group instanceof ConsumerGroup consumer) {
            return consumer.isSubscribedTo(topic) ? -1 : offset.commitTimestampMs();
        }
        throw OffsetFence.unknownKind(group);
    }
}
