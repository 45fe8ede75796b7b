package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.core.TopicMetadataImage;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupDescribeResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Builds the ConsumerGroupDescribe answer for one group: its state, epochs and assignor, and per member its
 * subscription, epoch, current assignment and target assignment (topics named through the group's topic image;
 * partitions of a topic that no longer exists are left out, as the name cannot be given).
 */
public final class ConsumerGroupDescriber {

    /** Member type of v1: the member uses the consumer protocol. */
    static final byte CONSUMER_MEMBER_TYPE = 1;

    /**
     * Operations on a group with no ACLs in force: READ (3), DELETE (6), DESCRIBE (8), DESCRIBE_CONFIGS (10) and
     * ALTER_CONFIGS (11), as bits of Kafka's AclOperation codes.
     */
    static final int ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11);

    /** Kafka's "authorized operations not requested". */
    static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;

    private ConsumerGroupDescriber() {
    }

    /** The description of {@code group}. */
    public static ConsumerGroupDescribeResponse.DescribedGroup describe(ConsumerGroup group,
                                                                        boolean includeAuthorizedOperations) {
        List<ConsumerGroupDescribeResponse.Member> members = new ArrayList<>();
        TopicMetadataImage topics = group.topics();
        for (ConsumerGroupMember member : group.members()) {
            members.add(new ConsumerGroupDescribeResponse.Member()
                    .memberId(member.memberId())
                    .instanceId(member.instanceId())
                    .rackId(member.rackId())
                    .memberEpoch(member.memberEpoch())
                    .clientId(member.clientId())
                    .clientHost(member.clientHost())
                    .subscribedTopicNames(new ArrayList<>(member.subscribedTopicNames()))
                    .subscribedTopicRegex(member.subscribedTopicRegex())
                    .assignment(assignment(member.assignedPartitions(), topics))
                    .targetAssignment(assignment(group.targetAssignment().of(member.memberId()), topics))
                    .memberType(CONSUMER_MEMBER_TYPE));
        }
        return new ConsumerGroupDescribeResponse.DescribedGroup()
                .errorCode(ErrorCode.NONE.code())
                .groupId(group.groupId())
                .groupState(group.state().kafkaName())
                .groupEpoch(group.groupEpoch())
                .assignmentEpoch(group.assignmentEpoch())
                .assignorName(group.assignorName())
                .members(members)
                .authorizedOperations(includeAuthorizedOperations ? ALL_GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED);
    }

    /** The entry for a group id that names no consumer-protocol group (unknown, or a classic group). */
    public static ConsumerGroupDescribeResponse.DescribedGroup notFound(String groupId, String why) {
        return new ConsumerGroupDescribeResponse.DescribedGroup()
                .errorCode(ErrorCode.GROUP_ID_NOT_FOUND.code())
                .errorMessage("Group " + groupId + " " + why + ".")
                .groupId(groupId)
                .groupState(ConsumerGroupState.DEAD.kafkaName())
                .assignorName("")
                .members(new ArrayList<>());
    }

    private static ConsumerGroupDescribeResponse.Assignment assignment(Assignment partitions, TopicMetadataImage topics) {
        List<ConsumerGroupDescribeResponse.TopicPartitions> result = new ArrayList<>();
        for (Map.Entry<UUID, SortedSet<Integer>> entry : partitions.topics().entrySet()) {
            Optional<TopicMetadataImage.Topic> topic = topics.byId(entry.getKey());
            topic.ifPresent(t -> result.add(new ConsumerGroupDescribeResponse.TopicPartitions()
                    .topicId(t.id())
                    .topicName(t.name())
                    .partitions(new ArrayList<>(entry.getValue()))));
        }
        return new ConsumerGroupDescribeResponse.Assignment().topicPartitions(result);
    }
}
