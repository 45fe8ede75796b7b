package io.runnel.broker.api;

import io.runnel.broker.fetch.ReadErrors;
import io.runnel.broker.fetch.LeaderEpochs;
import io.runnel.broker.fetch.ReadErrors;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.TimestampAndOffset;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ListOffsetsRequest;
import io.runnel.protocol.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ListOffsets, versions 1–10: an offset per partition for a timestamp. The special timestamps: -1 latest (the log
 * end offset, which is the high watermark, for read_uncommitted; the last stable offset for read_committed, v2+),
 * -2 earliest and -4 earliest local (the log start offset: nothing is tiered), -3 the record with
 * the largest timestamp, -5 latest tiered (none: offset -1, as Kafka answers without tiered storage). Any other
 * timestamp: the first record whose timestamp is at least it, found through the time index; none gives offset
 * and timestamp -1; for read_committed also a record at or past the last stable offset. Found offsets carry leader
 * epoch 0, the only one a partition has here.
 */
public final class ListOffsetsHandler implements ApiHandler {
    private static final long LATEST = -1;
    private static final long UNKNOWN = -1;
    private static final int NO_EPOCH = -1;

    private final LogManager logs;
    private final AclAuthorizer authorizer;

    public ListOffsetsHandler(LogManager logs) {
        this(logs, AclAuthorizer.disabled());
    }

    /** A handler that answers only for topics {@code authorizer} allows the connection DESCRIBE on. */
    public ListOffsetsHandler(LogManager logs, AclAuthorizer authorizer) {
        this.logs = logs;
        this.authorizer = authorizer;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext request, ApiMessage message) {
        ListOffsetsRequest list = (ListOffsetsRequest) message;
        List<ListOffsetsResponse.ListOffsetsTopicResponse> topics = new ArrayList<>(list.topics().size());
        for (ListOffsetsRequest.ListOffsetsTopic topic : list.topics()) {
            TopicInfo info = logs.registry().get(topic.name());
            List<ListOffsetsResponse.ListOffsetsPartitionResponse> partitions =
                    new ArrayList<>(topic.partitions().size());
            boolean describable = !authorizer.isEnabled() || authorizer.authorize(request.session(),
                    AclOperation.DESCRIBE, AclResourceType.TOPIC, topic.name());
            for (ListOffsetsRequest.ListOffsetsPartition p : topic.partitions()) {
                // Versions before 2 carry no isolation level: it reads as 0, read_uncommitted.
                partitions.add(describable ? answer(info, p, list.isolationLevel() == 1)
                        : new ListOffsetsResponse.ListOffsetsPartitionResponse().partitionIndex(p.partitionIndex())
                        .timestamp(UNKNOWN).offset(UNKNOWN).leaderEpoch(NO_EPOCH)
                        .errorCode(ErrorCode.TOPIC_AUTHORIZATION_FAILED.code()));
            }
            topics.add(new ListOffsetsResponse.ListOffsetsTopicResponse().name(topic.name()).partitions(partitions));
        }
        return CompletableFuture.completedFuture(Response.of(new ListOffsetsResponse().topics(topics)));
    }

    private ListOffsetsResponse.ListOffsetsPartitionResponse answer(TopicInfo topic,
                                                                   ListOffsetsRequest.ListOffsetsPartition p,
                                                                   boolean readCommitted) {
        ListOffsetsResponse.ListOffsetsPartitionResponse r = new ListOffsetsResponse.ListOffsetsPartitionResponse()
                .partitionIndex(p.partitionIndex()).timestamp(UNKNOWN).offset(UNKNOWN).leaderEpoch(NO_EPOCH);
        PartitionLog log = topic == null || p.partitionIndex() < 0 || p.partitionIndex() >= topic.partitionCount()
                ? null : logs.log(topic.partition(p.partitionIndex()));
        if (log == null) {
            return r.errorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        ErrorCode epochError = LeaderEpochs.check(p.currentLeaderEpoch());
        if (epochError != null) {
            return r.errorCode(epochError.code());
        }
        TimestampAndOffset found;
        try {
            if (readCommitted && p.timestamp() == LATEST) {
                return r.offset(log.transactions().lastStableOffset()).leaderEpoch(LeaderEpochs.CURRENT);
            }
            found = log.offsetForTimestamp(p.timestamp());
        } catch (RuntimeException e) {
            return r.errorCode(ReadErrors.code(e, "ListOffsets of " + log.topicPartition() + " for timestamp "
                    + p.timestamp()).code());
        }
        if (found == null || readCommitted && p.timestamp() >= 0
                && found.offset() >= log.transactions().lastStableOffset()) {
            return r;
        }
        // The latest offset is answered with timestamp -1, as Kafka does; found records carry theirs.
        long timestamp = p.timestamp() == LATEST ? UNKNOWN : found.timestamp();
        return r.offset(found.offset()).timestamp(timestamp).leaderEpoch(LeaderEpochs.CURRENT);
    }

    @Override
    public ApiMessage errorResponse(RequestContext request, ErrorCode error) {
        // Without the request's partitions there is nothing to attach the error to: no partitions answered.
        return new ListOffsetsResponse();
    }
}
