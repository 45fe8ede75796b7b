package io.runnel.broker.api;

import io.runnel.broker.fetch.ReadErrors;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DeleteRecordsRequest;
import io.runnel.protocol.message.DeleteRecordsResponse;
import io.runnel.protocol.message.DeleteRecordsResponse.DeleteRecordsPartitionResult;
import io.runnel.protocol.message.DeleteRecordsResponse.DeleteRecordsTopicResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * DeleteRecords v0-2 ({@code kafka-delete-records}, Kafka Streams' purge of repartition topics): moves each
 * partition's log start offset (the low watermark) up to the requested offset, -1 meaning the high watermark, and
 * answers once the new start is durable in the log-start-offset checkpoint, with the low watermark. Reads below it
 * get OFFSET_OUT_OF_RANGE; whole segments below it are deleted by the next retention pass. An offset past the high
 * watermark is OFFSET_OUT_OF_RANGE; a compacted topic without {@code delete} in its cleanup policy, and an internal
 * topic, are POLICY_VIOLATION, as in Kafka. The request's timeout is not needed: the answer comes once the
 * checkpoint is written.
 */
public final class DeleteRecordsHandler implements ApiHandler {
    private static final long HIGH_WATERMARK = -1;

    private final LogManager logs;
    private final AclAuthorizer authorizer;

    public DeleteRecordsHandler(LogManager logs) {
        this(logs, AclAuthorizer.disabled());
    }

    /** A handler that deletes records only of topics {@code authorizer} allows the connection DELETE on. */
    public DeleteRecordsHandler(LogManager logs, AclAuthorizer authorizer) {
        this.logs = logs;
        this.authorizer = authorizer;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DeleteRecordsRequest request = (DeleteRecordsRequest) body;
        DeleteRecordsResponse response = new DeleteRecordsResponse();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (DeleteRecordsRequest.DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().name(topic.name());
            response.topics().add(topicResult);
            TopicInfo info = logs.registry().get(topic.name());
            boolean deletable = authorizer.authorize(context.session(), AclOperation.DELETE, AclResourceType.TOPIC,
                    topic.name());
            for (DeleteRecordsRequest.DeleteRecordsPartition p : topic.partitions()) {
                DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult()
                        .partitionIndex(p.partitionIndex()).lowWatermark(-1);
                topicResult.partitions().add(result);
                PartitionLog log = info == null || p.partitionIndex() < 0 || p.partitionIndex() >= info.partitionCount()
                        ? null : logs.log(info.partition(p.partitionIndex()));
                ErrorCode error = deletable ? check(topic.name(), log, p.offset())
                        : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
                if (error != ErrorCode.NONE) {
                    result.errorCode(error.code());
                    continue;
                }
                long target = p.offset() == HIGH_WATERMARK ? log.logEndOffset() : p.offset();
                pending.add(logs.deleteRecords(log, target).handle((lowWatermark, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        RuntimeException runtime = cause instanceof RuntimeException r ? r
                                : new IllegalStateException(cause);
                        result.errorCode(ReadErrors.code(runtime, "DeleteRecords of " + log.topicPartition()
                                + " to offset " + target).code());
                    } else {
                        result.lowWatermark(lowWatermark);
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(v -> Response.of(response));
    }

    private static ErrorCode check(String topic, PartitionLog log, long offset) {
        if (log == null) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (TopicNames.isInternal(topic) || !log.config().deleteEnabled()) {
            return ErrorCode.POLICY_VIOLATION;
        }
        if (offset != HIGH_WATERMARK && (offset < 0 || offset > log.logEndOffset())) {
            return ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        return ErrorCode.NONE;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new DeleteRecordsResponse();
    }
}
