package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ListTransactionsRequest;
import io.runnel.protocol.message.ListTransactionsResponse;

import java.util.concurrent.CompletionStage;

/**
 * ListTransactions v0-2 ({@code kafka-transactions list}): the transactional ids by state, producer id, duration
 * (v1) and id pattern (v2).
 */
public final class ListTransactionsHandler implements ApiHandler {
    private final TransactionCoordinator transactions;

    public ListTransactionsHandler(BrokerContext broker) {
        this.transactions = broker.transactions();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        return transactions.list((ListTransactionsRequest) body, context.apiVersion())
                .handle((answer, failure) -> Response.of(failure == null ? answer
                        : errorResponse(context, TransactionException.errorOf(failure))));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return new ListTransactionsResponse().errorCode(error.code());
    }
}
