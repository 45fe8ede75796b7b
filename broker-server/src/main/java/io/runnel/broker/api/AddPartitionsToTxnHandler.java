package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.AddPartitionsToTxnRequest;
import io.runnel.protocol.message.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.runnel.protocol.message.AddPartitionsToTxnRequest.AddPartitionsToTxnTransaction;
import io.runnel.protocol.message.AddPartitionsToTxnResponse;
import io.runnel.protocol.message.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.runnel.protocol.message.AddPartitionsToTxnResponse.AddPartitionsToTxnResult;
import io.runnel.protocol.message.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.runnel.protocol.message.ApiMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AddPartitionsToTxn: v0-3 (what clients send) add one producer's partitions to its transaction, durably, before
 * it writes to them; v4+ (KIP-890, what brokers send each other) carry several transactions, each of which may only
 * verify that its partitions are in the transaction ({@code verifyOnly}). Answered with an error per partition.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler {
    private final TransactionCoordinator transactions;

    public AddPartitionsToTxnHandler(BrokerContext broker) {
        this.transactions = broker.transactions();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        AddPartitionsToTxnRequest request = (AddPartitionsToTxnRequest) body;
        short version = context.apiVersion();
        if (version < 4) {
            return call(request.v3AndBelowTransactionalId(), request.v3AndBelowProducerId(),
                    request.v3AndBelowProducerEpoch(), false, request.v3AndBelowTopics(), version)
                    .thenApply(topics -> Response.of(new AddPartitionsToTxnResponse()
                            .resultsByTopicV3AndBelow(topics)));
        }
        List<CompletableFuture<AddPartitionsToTxnResult>> results = new ArrayList<>();
        for (AddPartitionsToTxnTransaction txn : request.transactions()) {
            results.add(call(txn.transactionalId(), txn.producerId(), txn.producerEpoch(), txn.verifyOnly(),
                    txn.topics(), version).thenApply(topics -> new AddPartitionsToTxnResult()
                    .transactionalId(txn.transactionalId()).topicResults(topics)));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            List<AddPartitionsToTxnResult> answers = new ArrayList<>(results.size());
            results.forEach(r -> answers.add(r.join()));
            return Response.of(new AddPartitionsToTxnResponse().errorCode(ErrorCode.NONE.code())
                    .resultsByTransaction(answers));
        });
    }

    private CompletableFuture<List<AddPartitionsToTxnTopicResult>> call(String transactionalId, long producerId,
                                                                        short epoch, boolean verifyOnly,
                                                                        List<AddPartitionsToTxnTopic> topics,
                                                                        short version) {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<Integer>> invalid = new LinkedHashMap<>();
        for (AddPartitionsToTxnTopic topic : topics) {
            for (int p : topic.partitions()) {
                if (topic.name() == null || topic.name().isEmpty() || p < 0) {
                    invalid.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(p);
                } else {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
            }
        }
        CompletableFuture<Map<TopicPartition, ErrorCode>> answer = partitions.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : verifyOnly ? transactions.verifyPartitions(transactionalId, producerId, epoch, partitions)
                : transactions.addPartitions(transactionalId, producerId, epoch, partitions);
        return answer.handle((errors, failure) -> {
            Map<String, List<AddPartitionsToTxnPartitionResult>> byTopic = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) {
                ErrorCode error = failure != null ? TransactionException.errorOf(failure) : errors.get(tp);
                byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(new AddPartitionsToTxnPartitionResult()
                        .partitionIndex(tp.partition())
                        .partitionErrorCode(TransactionErrors.forVersion(error, version, 2, 5).code()));
            }
            invalid.forEach((topic, ps) -> ps.forEach(p -> byTopic.computeIfAbsent(topic, t -> new ArrayList<>())
                    .add(new AddPartitionsToTxnPartitionResult().partitionIndex(p)
                            .partitionErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION.code()))));
            List<AddPartitionsToTxnTopicResult> result = new ArrayList<>();
            byTopic.forEach((topic, ps) -> result.add(new AddPartitionsToTxnTopicResult().name(topic)
                    .resultsByPartition(ps)));
            return result;
        });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new AddPartitionsToTxnResponse().errorCode(error.code());
    }
}
