package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.DescribeTransactionsRequest;
import io.runnel.protocol.message.DescribeTransactionsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** DescribeTransactions v0 ({@code kafka-transactions describe}): the state of each transactional id asked for. */
public final class DescribeTransactionsHandler implements ApiHandler {
    private final TransactionCoordinator transactions;

    public DescribeTransactionsHandler(BrokerContext broker) {
        this.transactions = broker.transactions();
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        DescribeTransactionsRequest request = (DescribeTransactionsRequest) body;
        return transactions.describe(request.transactionalIds()).handle((states, failure) -> {
            if (failure == null) {
                return Response.of(new DescribeTransactionsResponse().transactionStates(states));
            }
            ErrorCode error = TransactionException.errorOf(failure);
            List<DescribeTransactionsResponse.TransactionState> failed = new ArrayList<>();
            for (String id : request.transactionalIds()) {
                failed.add(new DescribeTransactionsResponse.TransactionState().transactionalId(id)
                        .errorCode(error.code()).transactionState("").topics(new ArrayList<>()));
            }
            return Response.of(new DescribeTransactionsResponse().transactionStates(failed));
        });
    }
}
