package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignors;
import io.runnel.broker.group.core.TopicMetadataImage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Converts a {@link ConsumerGroup} to what is persisted of it ({@link StoredConsumerGroup}) and back. Timers are not
 * persisted: a restored member's session and revocation deadlines start again when it is loaded.
 */
final class ConsumerGroupSnapshots {

    private ConsumerGroupSnapshots() {
    }

    /** What is persisted of {@code group} now. */
    static StoredConsumerGroup of(ConsumerGroup group) {
        List<StoredConsumerGroup.Member> members = new ArrayList<>();
        for (ConsumerGroupMember m : group.members()) {
            members.add(new StoredConsumerGroup.Member(m.memberId(), m.instanceId(), m.rackId(), m.clientId(),
                    m.clientHost(), m.rebalanceTimeoutMs(), m.subscribedTopicNames(), m.subscribedTopicRegex(),
                    m.serverAssignor(), m.subscribedTopicIds(), m.memberEpoch(), m.previousMemberEpoch(), m.state(),
                    m.assignedPartitions(), m.partitionsPendingRevocation(), m.assignmentEpochs()));
        }
        return new StoredConsumerGroup(group.groupId(), group.groupEpoch(), group.assignorName(),
                group.subscribedPartitionCounts(), group.targetAssignment(), members);
    }

    /** A group as it was stored, on today's topics; its members' timers start at {@code nowMs}. */
    static ConsumerGroup restore(StoredConsumerGroup stored, ConsumerGroupConfig config, Assignors assignors,
                                 TopicMetadataImage topics, Supplier<String> memberIdGenerator, long nowMs) {
        ConsumerGroup group = new ConsumerGroup(stored.groupId(), config, assignors, topics, memberIdGenerator);
        List<ConsumerGroupMember> members = new ArrayList<>();
        for (StoredConsumerGroup.Member s : stored.members()) {
            ConsumerGroupMember m = new ConsumerGroupMember(s.memberId());
            m.instanceId(s.instanceId());
            m.rackId(s.rackId());
            m.client(s.clientId(), s.clientHost());
            m.rebalanceTimeoutMs(s.rebalanceTimeoutMs());
            m.subscribedTopicNames(s.subscribedTopicNames());
            m.subscribedTopicRegex(s.subscribedTopicRegex());
            // An assignor the broker no longer offers is forgotten; the member's next heartbeat names it again.
            m.serverAssignor(s.serverAssignor() != null && assignors.find(s.serverAssignor()).isPresent()
                    ? s.serverAssignor() : null);
            m.subscribedTopicIds(s.subscribedTopicIds());
            m.restore(s.memberEpoch(), s.previousMemberEpoch(), s.state(), s.assigned(), s.pendingRevocation(),
                    s.assignmentEpochs());
            members.add(m);
        }
        String assignor = assignors.find(stored.assignorName()).isPresent()
                ? stored.assignorName() : assignors.defaultAssignor().name();
        group.restore(stored.groupEpoch(), stored.target(), assignor, stored.subscribedPartitionCounts(), members,
                nowMs);
        return group;
    }
}
