package io.runnel.broker.api;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DeleteTopicsRequest.DeleteTopicState;
import io.runnel.protocol.message.DeleteTopicsRequest;
import io.runnel.protocol.message.DeleteTopicsResponse.DeletableTopicResult;
import io.runnel.protocol.message.DeleteTopicsResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DeleteTopics v1-6: deletes topics by name, or from v6 by name or id (UNKNOWN_TOPIC_ID for an id no topic has).
 * With {@code delete.topic.enable=false} every topic gets TOPIC_DELETION_DISABLED (INVALID_REQUEST before v3, as
 * Kafka answers). Internal topics are not deleted.
 */
public final class DeleteTopicsHandler implements ApiHandler {
    private static final UUID NO_ID = new UUID(0, 0);
    private static final short FIRST_DELETION_DISABLED_VERSION = 3;

    private final BrokerContext broker;

    public DeleteTopicsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DeleteTopicsRequest request = (DeleteTopicsRequest) body;
        List<DeleteTopicState> wanted = new ArrayList<>();
        if (context.apiVersion() >= 6) {
            wanted.addAll(request.topics());
        } else {
            for (String name : request.topicNames()) {
                wanted.add(new DeleteTopicState().name(name).topicId(NO_ID));
            }
        }
        boolean enabled = broker.config().get(BrokerConfig.DELETE_TOPIC_ENABLE);
        Set<Object> duplicates = duplicates(wanted);
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>(wanted.size());
        Set<Object> answered = new HashSet<>();
        for (DeleteTopicState topic : wanted) {
            UUID id = topic.topicId() == null ? NO_ID : topic.topicId();
            // An empty name next to an id means "by id", as kafka-clients writes it in Metadata.
            String name = topic.name() != null && topic.name().isEmpty() && !id.equals(NO_ID) ? null : topic.name();
            if (!answered.add(name != null ? name : id)) {
                continue;
            }
            if (!enabled) {
                ErrorCode error = context.apiVersion() < FIRST_DELETION_DISABLED_VERSION ? ErrorCode.INVALID_REQUEST
                        : ErrorCode.TOPIC_DELETION_DISABLED;
                results.add(done(failed(name, id, error, "topic deletion is disabled (delete.topic.enable=false)")));
            } else if (name != null && !id.equals(NO_ID)) {
                results.add(done(failed(name, id, ErrorCode.INVALID_REQUEST,
                        "name a topic by its name or by its id, not both")));
            } else if (duplicates.contains(name != null ? name : id)) {
                results.add(done(failed(name, id, ErrorCode.INVALID_REQUEST,
                        "topic " + (name != null ? name : id) + " is named more than once in the request")));
            } else if (!mayDelete(context, name, id)) {
                results.add(done(failed(name, id, ErrorCode.TOPIC_AUTHORIZATION_FAILED, "Authorization failed.")));
            } else {
                CompletableFuture<TopicInfo> deletion = name != null ? broker.topics().delete(name)
                        : broker.topics().delete(id);
                results.add(deletion.handle((deleted, error) -> {
                    if (error != null) {
                        TopicErrors.Failure failure = TopicErrors.of(error, context);
                        return failed(name, id, failure.code(), failure.message());
                    }
                    return new DeletableTopicResult().name(deleted.name()).topicId(deleted.id());
                }));
            }
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
            List<DeletableTopicResult> responses = new ArrayList<>(results.size());
            for (CompletableFuture<DeletableTopicResult> result : results) {
                responses.add(result.join());
            }
            return Response.of(new DeleteTopicsResponse().responses(responses));
        });
    }

    /** DELETE on the topic, looked up by name or id; an unknown id is left to the deletion to report. */
    private boolean mayDelete(RequestContext context, String name, UUID id) {
        if (name != null) {
            return Access.topic(broker, context, AclOperation.DELETE, name);
        }
        TopicInfo topic = broker.topics().registry().get(id);
        return topic == null || Access.topic(broker, context, AclOperation.DELETE, topic.name());
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DeleteTopicsResponse();
    }

    private static DeletableTopicResult failed(String name, UUID id, ErrorCode error, String message) {
        return new DeletableTopicResult().name(name).topicId(id).errorCode(error.code()).errorMessage(message);
    }

    private static CompletableFuture<DeletableTopicResult> done(DeletableTopicResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static Set<Object> duplicates(List<DeleteTopicState> topics) {
        Set<Object> seen = new HashSet<>();
        Set<Object> duplicates = new HashSet<>();
        for (DeleteTopicState topic : topics) {
            boolean byId = topic.name() == null || (topic.name().isEmpty() && topic.topicId() != null
                    && !topic.topicId().equals(NO_ID));
            Object key = byId ? topic.topicId() : topic.name();
            if (!seen.add(key)) {
                duplicates.add(key);
            }
        }
        return duplicates;
    }
}
