package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import java.util.concurrent.CompletableFuture;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.EndTxnRequest;
import io.runnel.protocol.message.EndTxnResponse;

import java.util.concurrent.CompletionStage;

/**
 * EndTxn v0-5: commits or aborts the producer's open transaction; answered once the outcome is durable in
 * {@code __transaction_state} (the markers follow). v5 carries the producer id and epoch back; Runnel advertises
 * transaction version 1, so they are the request's own (no epoch bump per transaction).
 */
public final class EndTxnHandler implements ApiHandler {
    private final TransactionCoordinator transactions;
    private final AclAuthorizer authorizer;

    public EndTxnHandler(BrokerContext broker) {
        this.transactions = broker.transactions();
        this.authorizer = broker.authorizer();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        EndTxnRequest request = (EndTxnRequest) body;
        if (!authorizer.authorize(context.session(), AclOperation.WRITE, AclResourceType.TRANSACTIONAL_ID,
                request.transactionalId())) {
            return CompletableFuture.completedFuture(Response.of(errorResponse(context,
                    ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)));
        }
        return transactions.endTransaction(request.transactionalId(), request.producerId(), request.producerEpoch(),
                request.committed()).handle((v, failure) -> {
                    if (failure == null) {
                        return Response.of(new EndTxnResponse().errorCode(ErrorCode.NONE.code())
                                .producerId(request.producerId()).producerEpoch(request.producerEpoch()));
                    }
                    return Response.of(errorResponse(context, TransactionErrors.forVersion(
                            TransactionException.errorOf(failure), context.apiVersion(), 2, 4)));
                });
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new EndTxnResponse().errorCode(error.code());
    }
}
