package io.runnel.broker.api;

import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.PartitionTransactions;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeProducersRequest;
import io.runnel.protocol.message.DescribeProducersResponse;
import io.runnel.protocol.message.DescribeProducersResponse.PartitionResponse;
import io.runnel.protocol.message.DescribeProducersResponse.ProducerState;
import io.runnel.protocol.message.DescribeProducersResponse.TopicResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeProducers v0 ({@code kafka-transactions describe-producers}, {@code find-hanging}): the producers each
 * partition remembers, with the first offset of their open transaction there (-1 when none). The coordinator epoch
 * is 0, the epoch Runnel writes in its markers.
 */
public final class DescribeProducersHandler implements ApiHandler {
    private final LogManager logs;

    public DescribeProducersHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeProducersRequest request = (DescribeProducersRequest) body;
        List<TopicResponse> topics = new ArrayList<>();
        for (DescribeProducersRequest.TopicRequest topic : request.topics()) {
            TopicInfo info = logs.registry().get(topic.name());
            List<PartitionResponse> partitions = new ArrayList<>();
            for (int index : topic.partitionIndexes()) {
                PartitionLog log = info == null || index < 0 || index >= info.partitionCount() ? null
                        : logs.log(info.partition(index));
                PartitionResponse answer = new PartitionResponse().partitionIndex(index).activeProducers(
                        new ArrayList<>());
                if (log == null) {
                    answer.errorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else {
                    for (PartitionTransactions.ActiveProducer p : log.transactions().activeProducers()) {
                        answer.activeProducers().add(new ProducerState().producerId(p.producerId())
                                .producerEpoch(p.epoch()).lastSequence(p.lastSequence())
                                .lastTimestamp(p.lastTimestamp()).coordinatorEpoch(0)
                                .currentTxnStartOffset(p.currentTxnStartOffset()));
                    }
                }
                partitions.add(answer);
            }
            topics.add(new TopicResponse().name(topic.name()).partitions(partitions));
        }
        return CompletableFuture.completedFuture(Response.of(new DescribeProducersResponse().topics(topics)));
    }
}
