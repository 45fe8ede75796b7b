package io.runnel.broker.api;

import io.runnel.broker.fetch.LeaderEpochs;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.OffsetForLeaderEpochRequest;
import io.runnel.protocol.message.OffsetForLeaderEpochResponse;
import io.runnel.protocol.message.OffsetForLeaderEpochResponse.EpochEndOffset;
import io.runnel.protocol.message.OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetForLeaderEpoch v2-4, what consumers ask to validate their position after a metadata change: the end offset
 * of a leader epoch. Every partition has had one epoch, {@link LeaderEpochs#CURRENT}, so its end offset is the log
 * end offset; a newer epoch is unknown (epoch and offset -1, as Kafka answers). A request carrying a current leader
 * epoch other than the partition's is refused with Kafka's error.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {
    private static final int UNDEFINED = -1;

    private final LogManager logs;

    public OffsetForLeaderEpochHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        OffsetForLeaderEpochRequest request = (OffsetForLeaderEpochRequest) body;
        List<OffsetForLeaderTopicResult> topics = new ArrayList<>();
        for (OffsetForLeaderEpochRequest.OffsetForLeaderTopic topic : request.topics()) {
            TopicInfo info = logs.registry().get(topic.topic());
            List<EpochEndOffset> partitions = new ArrayList<>();
            for (OffsetForLeaderEpochRequest.OffsetForLeaderPartition p : topic.partitions()) {
                EpochEndOffset answer = new EpochEndOffset().partition(p.partition()).leaderEpoch(UNDEFINED)
                        .endOffset(UNDEFINED);
                partitions.add(answer);
                PartitionLog log = info == null || p.partition() < 0 || p.partition() >= info.partitionCount()
                        ? null : logs.log(info.partition(p.partition()));
                ErrorCode epochError = LeaderEpochs.check(p.currentLeaderEpoch());
                if (log == null) {
                    answer.errorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (epochError != null) {
                    answer.errorCode(epochError.code());
                } else if (p.leaderEpoch() == LeaderEpochs.CURRENT) {
                    answer.leaderEpoch(LeaderEpochs.CURRENT).endOffset(log.logEndOffset());
                }
            }
            topics.add(new OffsetForLeaderTopicResult().topic(topic.topic()).partitions(partitions));
        }
        return CompletableFuture.completedFuture(Response.of(new OffsetForLeaderEpochResponse().topics(topics)));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new OffsetForLeaderEpochResponse();
    }
}
