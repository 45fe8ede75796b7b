package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;
import io.runnel.broker.group.core.GroupException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ConsumerGroupHeartbeatRequest;
import io.runnel.protocol.message.ConsumerGroupHeartbeatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.UUID;

/**
 * Translates between the ConsumerGroupHeartbeat wire messages and the group's domain types, so that the API handler
 * stays a thin "decode, call, encode".
 */
public final class ConsumerGroupHeartbeatMessages {

    private ConsumerGroupHeartbeatMessages() {
    }

    /**
     * Runs a decoded request through {@code group} and answers it: the group's result, or its refusal as an error
     * response. Must run on the thread that owns the group.
     */
    public static ConsumerGroupHeartbeatResponse handle(ConsumerGroup group, ConsumerGroupHeartbeatRequest request,
                                                        short apiVersion, String clientId, String clientHost,
                                                        long nowMs) {
        try {
            return toResponse(group.heartbeat(toHeartbeat(request, apiVersion, clientId, clientHost), nowMs));
        } catch (GroupException refusal) {
            return errorResponse(refusal);
        }
    }

    /** The heartbeat a decoded request carries, with the client id and address from the connection. */
    public static MemberHeartbeat toHeartbeat(ConsumerGroupHeartbeatRequest request, short apiVersion,
                                              String clientId, String clientHost) {
        Assignment owned = null;
        if (request.topicPartitions() != null) {
            Assignment.Builder builder = Assignment.builder();
            for (ConsumerGroupHeartbeatRequest.TopicPartitions topic : request.topicPartitions()) {
                for (int partition : topic.partitions()) {
                    if (partition < 0) {
                        throw new GroupException(ErrorCode.INVALID_REQUEST, "TopicPartitions has partition "
                                + partition + " of topic " + topic.topicId() + ".");
                    }
                    builder.add(topic.topicId(), partition);
                }
            }
            owned = builder.build();
        }
        return new MemberHeartbeat(apiVersion, nullToEmpty(request.groupId()), nullToEmpty(request.memberId()),
                request.memberEpoch(), request.instanceId(), request.rackId(), request.rebalanceTimeoutMs(),
                request.subscribedTopicNames(), request.subscribedTopicRegex(), request.serverAssignor(), owned,
                clientId, clientHost);
    }

    /** The response to a heartbeat the group accepted. */
    public static ConsumerGroupHeartbeatResponse toResponse(HeartbeatResult result) {
        ConsumerGroupHeartbeatResponse response = new ConsumerGroupHeartbeatResponse()
                .errorCode(ErrorCode.NONE.code())
                .memberId(result.memberId())
                .memberEpoch(result.memberEpoch())
                .heartbeatIntervalMs(result.heartbeatIntervalMs());
        if (result.assignment() != null) {
            response.assignment(new ConsumerGroupHeartbeatResponse.Assignment().topicPartitions(topics(result.assignment())));
        }
        return response;
    }

    /** The response to a heartbeat the group refused. */
    public static ConsumerGroupHeartbeatResponse errorResponse(GroupException refusal) {
        return errorResponse(refusal.error(), refusal.getMessage());
    }

    /** A response carrying only an error, for refusals decided outside the group (NOT_COORDINATOR, …). */
    public static ConsumerGroupHeartbeatResponse errorResponse(ErrorCode error, String message) {
        return new ConsumerGroupHeartbeatResponse()
                .errorCode(error.code())
                .errorMessage(message)
                .memberEpoch(-1)
                .heartbeatIntervalMs(0);
    }

    private static List<ConsumerGroupHeartbeatResponse.TopicPartitions> topics(Assignment assignment) {
        List<ConsumerGroupHeartbeatResponse.TopicPartitions> topics = new ArrayList<>(assignment.topics().size());
        for (Map.Entry<UUID, SortedSet<Integer>> entry : assignment.topics().entrySet()) {
            topics.add(new ConsumerGroupHeartbeatResponse.TopicPartitions()
                    .topicId(entry.getKey())
                    .partitions(new ArrayList<>(entry.getValue())));
        }
        return topics;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
