package io.runnel.broker.api;

import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.produce.ProducerIdAllocator;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.InitProducerIdRequest;
import io.runnel.protocol.message.InitProducerIdResponse;
import io.runnel.protocol.record.RecordBatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * InitProducerId v0-5 for idempotent producers: a producer id unique across restarts
 * ({@link ProducerIdAllocator}) with epoch 0.
 *
 * <p>From v3 a producer may send the id and epoch it has (KIP-360): when this broker handed out the id and the
 * epoch can still grow, the answer is the same id with the next epoch, which fences the producer's older epoch on
 * every partition (its in-flight batches get INVALID_PRODUCER_EPOCH) while its sequences restart at 0; otherwise
 * a fresh id. Kafka hands an idempotent producer a fresh id in every case; the Java client treats both answers
 * alike. Sending only one of id and epoch is INVALID_REQUEST, as in Kafka.
 *
 * <p>With a transactional id the transaction coordinator answers ({@link TransactionCoordinator#initProducerId}):
 * the id's producer id with a bumped epoch, which fences the previous producer instance.
 */
public final class InitProducerIdHandler implements ApiHandler {
    private final ProducerIdAllocator ids;
    private final TransactionCoordinator transactions;
    private final AclAuthorizer authorizer;

    public InitProducerIdHandler(ProducerIdAllocator ids, TransactionCoordinator transactions) {
        this(ids, transactions, AclAuthorizer.disabled());
    }

    /**
     * A handler that checks what Kafka checks: WRITE on the transactional id (else
     * TRANSACTIONAL_ID_AUTHORIZATION_FAILED); for an idempotent producer IDEMPOTENT_WRITE on the cluster or WRITE on
     * some topic (KIP-679; else CLUSTER_AUTHORIZATION_FAILED).
     */
    public InitProducerIdHandler(ProducerIdAllocator ids, TransactionCoordinator transactions,
                                 AclAuthorizer authorizer) {
        this.ids = ids;
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        InitProducerIdRequest request = (InitProducerIdRequest) body;
        long producerId = request.producerId();
        short epoch = request.producerEpoch();
        if ((producerId == RecordBatch.NO_PRODUCER_ID) != (epoch == RecordBatch.NO_PRODUCER_EPOCH)) {
            return error(ErrorCode.INVALID_REQUEST);
        }
        if (request.transactionalId() != null) {
            if (!authorizer.authorize(context.session(), AclOperation.WRITE, AclResourceType.TRANSACTIONAL_ID,
                    request.transactionalId())) {
                return error(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            }
            return transactions.initProducerId(request.transactionalId(), request.transactionTimeoutMs(),
                    producerId, epoch).handle((answer, failure) -> Response.of(failure == null
                    ? new InitProducerIdResponse().producerId(answer.producerId()).producerEpoch(answer.epoch())
                    : errorBody(TransactionErrors.forVersion(TransactionException.errorOf(failure),
                            context.apiVersion(), 4, Integer.MAX_VALUE))));
        }
        if (!authorizer.authorizeCluster(context.session(), AclOperation.IDEMPOTENT_WRITE)
                && !authorizer.authorizeAny(context.session(), AclOperation.WRITE, AclResourceType.TOPIC)) {
            return error(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
        }
        if (producerId >= 0 && epoch >= 0 && epoch < Short.MAX_VALUE - 1 && ids.mayHaveIssued(producerId)) {
            return CompletableFuture.completedFuture(Response.of(new InitProducerIdResponse()
                    .producerId(producerId).producerEpoch((short) (epoch + 1))));
        }
        return ids.nextId().thenApply(id -> Response.of(new InitProducerIdResponse().producerId(id)
                .producerEpoch((short) 0)));
    }

    private static CompletionStage<Response> error(ErrorCode code) {
        return CompletableFuture.completedFuture(Response.of(errorBody(code)));
    }

    private static InitProducerIdResponse errorBody(ErrorCode code) {
        return new InitProducerIdResponse().errorCode(code.code()).producerId(RecordBatch.NO_PRODUCER_ID)
                .producerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ErrorCode error) {
        return errorBody(error);
    }
}
