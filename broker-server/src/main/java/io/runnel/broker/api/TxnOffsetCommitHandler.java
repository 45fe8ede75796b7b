package io.runnel.broker.api;

import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.core.GroupException;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.TxnOffsetCommitRequest;
import io.runnel.protocol.message.TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition;
import io.runnel.protocol.message.TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic;
import io.runnel.protocol.message.TxnOffsetCommitResponse;
import io.runnel.protocol.message.TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition;
import io.runnel.protocol.message.TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * TxnOffsetCommit v0-5: offsets a transaction commits for a consumer group. The group's {@code __consumer_offsets}
 * partition must be in the producer's open transaction (AddOffsetsToTxn first; KIP-890 part 1); the group
 * coordinator then fences the member (KIP-447) and stores the offsets, which become visible when the transaction
 * commits.
 */
public final class TxnOffsetCommitHandler implements ApiHandler {
    private final BrokerContext broker;
    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;

    public TxnOffsetCommitHandler(BrokerContext broker) {
        this.broker = broker;
        this.transactions = broker.transactions();
        this.groups = broker.groups();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        TxnOffsetCommitRequest request = (TxnOffsetCommitRequest) body;
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(allFailed(request, ErrorCode.INVALID_GROUP_ID)));
        }
        ErrorCode denied = !Access.transactionalId(broker, context, request.transactionalId())
                ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : !Access.group(broker, context, AclOperation.READ, request.groupId())
                ? ErrorCode.GROUP_AUTHORIZATION_FAILED : null;
        for (int i = 0; denied == null && i < request.topics().size(); i++) {
            if (!Access.topic(broker, context, AclOperation.READ, request.topics().get(i).name())) {
                denied = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
            }
        }
        if (denied != null) {
            return CompletableFuture.completedFuture(Response.of(allFailed(request, denied)));
        }
        TopicPartition offsets = broker.offsetsPartitionOf(request.groupId());
        return transactions.whenInTransaction(request.transactionalId(), request.producerId(),
                        request.producerEpoch(), offsets,
                        () -> groups.txnOffsetCommit(GroupApiHandler.client(context), request))
                .thenCompose(commit -> commit)
                .handle((answer, failure) -> {
                    if (failure == null) {
                        return Response.of(answer);
                    }
                    ErrorCode error = TransactionException.errorOf(failure);
                    if (error == ErrorCode.UNKNOWN_SERVER_ERROR) {
                        error = GroupException.errorOf(failure);
                    }
                    return Response.of(allFailed(request, TransactionErrors.forVersion(error, context.apiVersion(),
                            0, 4)));
                });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new TxnOffsetCommitResponse();
    }

    private static TxnOffsetCommitResponse allFailed(TxnOffsetCommitRequest request, ErrorCode error) {
        List<TxnOffsetCommitResponseTopic> topics = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            List<TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                partitions.add(new TxnOffsetCommitResponsePartition().partitionIndex(p.partitionIndex())
                        .errorCode(error.code()));
            }
            topics.add(new TxnOffsetCommitResponseTopic().name(topic.name()).partitions(partitions));
        }
        return new TxnOffsetCommitResponse().topics(topics);
    }
}
