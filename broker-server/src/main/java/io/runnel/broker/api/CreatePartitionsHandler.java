package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.InvalidReplicaAssignmentException;
import io.runnel.broker.topic.ReplicaAssignments;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.CreatePartitionsRequest.CreatePartitionsAssignment;
import io.runnel.protocol.message.CreatePartitionsRequest.CreatePartitionsTopic;
import io.runnel.protocol.message.CreatePartitionsRequest;
import io.runnel.protocol.message.CreatePartitionsResponse.CreatePartitionsTopicResult;
import io.runnel.protocol.message.CreatePartitionsResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreatePartitions v0-3: raises each topic's partition count to the requested total (or, with validate-only, only
 * checks it). A count that is not larger gets INVALID_PARTITIONS; assignments, when given, must list one entry per
 * new partition, each naming only this broker.
 */
public final class CreatePartitionsHandler implements ApiHandler {
    private final BrokerContext broker;

    public CreatePartitionsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        CreatePartitionsRequest request = (CreatePartitionsRequest) body;
        Set<String> duplicates = duplicates(request.topics());
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>(request.topics().size());
        Set<String> answered = new HashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            String name = topic.name();
            if (!answered.add(name)) {
                continue;
            }
            if (duplicates.contains(name)) {
                results.add(CompletableFuture.completedFuture(result(name, ErrorCode.INVALID_REQUEST,
                        "topic " + name + " is named more than once in the request")));
                continue;
            }
            if (!Access.topic(broker, context, AclOperation.ALTER, name)) {
                results.add(CompletableFuture.completedFuture(result(name, ErrorCode.TOPIC_AUTHORIZATION_FAILED,
                        "Authorization failed.")));
                continue;
            }
            try {
                checkAssignments(topic);
            } catch (InvalidReplicaAssignmentException e) {
                results.add(CompletableFuture.completedFuture(result(name, ErrorCode.INVALID_REPLICA_ASSIGNMENT,
                        e.getMessage())));
                continue;
            }
            results.add(broker.topics().addPartitions(name, topic.count(), request.validateOnly())
                    .handle((grown, error) -> {
                        if (error == null) {
                            return result(name, ErrorCode.NONE, null);
                        }
                        TopicErrors.Failure failure = TopicErrors.of(error, context);
                        return result(name, failure.code(), failure.message());
                    }));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<CreatePartitionsTopicResult> responses = new ArrayList<>(results.size());
            for (CompletableFuture<CreatePartitionsTopicResult> result : results) {
                responses.add(result.join());
            }
            return Response.of(new CreatePartitionsResponse().results(responses));
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new CreatePartitionsResponse();
    }

    private void checkAssignments(CreatePartitionsTopic topic) {
        // An empty list, as some clients send for "none", lets the broker place the partitions as null does.
        if (topic.assignments() == null || topic.assignments().isEmpty()) {
            return;
        }
        TopicInfo current = broker.topics().registry().get(topic.name());
        if (current != null && topic.count() > current.partitionCount()
                && topic.assignments().size() != topic.count() - current.partitionCount()) {
            throw new InvalidReplicaAssignmentException("topic " + topic.name() + ": " + topic.assignments().size()
                    + " assignments given for " + (topic.count() - current.partitionCount()) + " new partitions");
        }
        List<List<Integer>> replicas = new ArrayList<>();
        for (CreatePartitionsAssignment assignment : topic.assignments()) {
            replicas.add(assignment.brokerIds());
        }
        ReplicaAssignments.check(topic.name(), replicas, broker.nodeId());
    }

    private static CreatePartitionsTopicResult result(String name, ErrorCode error, String message) {
        return new CreatePartitionsTopicResult().name(name).errorCode(error.code()).errorMessage(message);
    }

    private static Set<String> duplicates(List<CreatePartitionsTopic> topics) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatePartitionsTopic topic : topics) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        return duplicates;
    }
}
