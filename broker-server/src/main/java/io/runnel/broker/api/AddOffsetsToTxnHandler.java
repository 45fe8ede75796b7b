package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.broker.security.AclOperation;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.AddOffsetsToTxnRequest;
import io.runnel.protocol.message.AddOffsetsToTxnResponse;
import io.runnel.protocol.message.ApiMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AddOffsetsToTxn v0-4: adds the {@code __consumer_offsets} partition of the group to the producer's transaction,
 * so that TxnOffsetCommit may write there and the transaction's end reaches it.
 */
public final class AddOffsetsToTxnHandler implements ApiHandler {
    private final BrokerContext broker;
    private final TransactionCoordinator transactions;

    public AddOffsetsToTxnHandler(BrokerContext broker) {
        this.broker = broker;
        this.transactions = broker.transactions();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        AddOffsetsToTxnRequest request = (AddOffsetsToTxnRequest) body;
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context, ErrorCode.INVALID_GROUP_ID)));
        }
        if (!Access.transactionalId(broker, context, request.transactionalId())) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context,
                    ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)));
        }
        if (!Access.group(broker, context, AclOperation.READ, request.groupId())) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context,
                    ErrorCode.GROUP_AUTHORIZATION_FAILED)));
        }
        TopicPartition offsets = broker.offsetsPartitionOf(request.groupId());
        return transactions.addPartitions(request.transactionalId(), request.producerId(), request.producerEpoch(),
                List.of(offsets)).handle((errors, failure) -> {
                    ErrorCode error = failure != null ? TransactionException.errorOf(failure) : errors.get(offsets);
                    return Response.of(errorResponse(context, TransactionErrors.forVersion(error,
                            context.apiVersion(), 2, 4)));
                });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new AddOffsetsToTxnResponse().errorCode(error.code());
    }
}
