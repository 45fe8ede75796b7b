package io.runnel.broker.api;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.log.AppendResult;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.ProducerStateException;
import io.runnel.broker.logging.RateLimitedLogger;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.metrics.TopicMetrics;
import io.runnel.broker.network.ApiHandler;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.network.Response;
import io.runnel.broker.produce.PartitionError;
import io.runnel.broker.produce.ProduceRecordsValidator;
import io.runnel.broker.security.AclAuthorizer;
import io.runnel.broker.security.AclOperation;
import io.runnel.broker.security.AclResourceType;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.txn.TransactionCoordinator;
import io.runnel.broker.txn.TransactionException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ProduceRequest;
import io.runnel.protocol.message.ProduceResponse.BatchIndexAndErrorMessage;
import io.runnel.protocol.message.ProduceResponse.PartitionProduceResponse;
import io.runnel.protocol.message.ProduceResponse.TopicProduceResponse;
import io.runnel.protocol.message.ProduceResponse;
import io.runnel.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Produce v3-12 (and v0-2, answered UNSUPPORTED_VERSION for every partition as Kafka 4 does).
 *
 * <p>Every partition's records are checked first ({@link ProduceRecordsValidator}); only then are the partitions
 * that passed appended, each on its own: a partition's error never stops another. The append runs here, on the
 * network thread: {@link PartitionLog#append} copies the batch into the page cache under the partition's append
 * lock and never waits for the disk, so the request buffer is not needed after it (the network layer releases it
 * with the response). Then {@code acks=0}: no response, or the connection closed if any partition failed (the
 * only signal such a producer gets, as in Kafka); {@code acks=1}: answered at once; {@code acks=-1}: answered when
 * every appended partition is fsynced ({@link PartitionLog#whenDurable}, group commit), completing on a flusher
 * thread without blocking this one. A retried batch of an idempotent producer is answered with its original
 * offsets and not written again.
 *
 * <p>Transactional batches (KIP-98) need the request's transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED
 * for every partition, as Kafka answers). A batch that would open the producer's transaction in a partition is
 * checked by the transaction coordinator first (KIP-890 part 1: the partition must have been added with
 * AddPartitionsToTxn) and appended on the coordinator's thread, where markers are written too; a refusal is
 * TRANSACTION_ABORTABLE (INVALID_TXN_STATE before v11), a fenced producer INVALID_PRODUCER_EPOCH, a coordinator that
 * cannot answer NOT_ENOUGH_REPLICAS (retriable, as Kafka maps it). Later batches of the open transaction are
 * appended here like any other.
 */
public final class ProduceHandler implements ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);
    /** Kafka's internal topics: written by the broker only. */
    private static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final LogManager logs;
    private final TransactionCoordinator transactions;
    private final Clock clock;
    private final TopicMetrics traffic;
    private final AclAuthorizer authorizer;
    /** Batches that are not Kafka record batches: a broken client (or network), worth an operator's attention. */
    private final RateLimitedLogger badBatches = new RateLimitedLogger(LOG, 10_000);
    private final RateLimitedLogger storageFailures = new RateLimitedLogger(LOG, 10_000);
    private final ThreadLocal<ProduceRecordsValidator> validators =
            ThreadLocal.withInitial(ProduceRecordsValidator::new);

    /** A handler that counts its traffic into metrics of its own (tests). */
    public ProduceHandler(LogManager logs, TransactionCoordinator transactions) {
        this(logs, transactions, new BrokerMetrics().topics());
    }

    /** A handler that counts records and bytes appended per topic into {@code traffic}. */
    public ProduceHandler(LogManager logs, TransactionCoordinator transactions, TopicMetrics traffic) {
        this(logs, transactions, traffic, AclAuthorizer.disabled());
    }

    /** As above, letting a connection write only to the topics {@code authorizer} allows it WRITE on. */
    public ProduceHandler(LogManager logs, TransactionCoordinator transactions, TopicMetrics traffic,
                          AclAuthorizer authorizer) {
        this.logs = logs;
        this.transactions = transactions;
        this.authorizer = authorizer;
        this.clock = logs.config().clock();
        this.traffic = traffic;
    }

    /** One partition that passed validation and waits for its append. */
    /** {@code bytes}: the batches' size as they arrived, for the traffic metrics. */
    private record Accepted(PartitionLog log, ByteBuf records, int bytes, PartitionProduceResponse response) {
    }

    @Override
    public CompletionStage<Response> handle(RequestContext context, ApiMessage body) {
        if (body instanceof LegacyProduceRequest legacy) {
            // With acks=0 there is no response to carry the error: Kafka closes the connection instead.
            return CompletableFuture.completedFuture(legacy.acks() == 0 ? Response.closeConnection()
                    : Response.of(LegacyProduceResponse.unsupportedVersion(legacy)));
        }
        ProduceRequest request = (ProduceRequest) body;
        short version = context.apiVersion();
        ErrorCode requestError = requestError(request);
        if (requestError == null && request.transactionalId() != null && !authorizer.authorize(context.session(),
                AclOperation.WRITE, AclResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            requestError = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        }
        ProduceResponse response = new ProduceResponse();
        List<Accepted> accepted = new ArrayList<>();
        boolean anyError = false;
        ProduceRecordsValidator validator = validators.get();
        long now = clock.millis();
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().name(topic.name());
            response.responses().add(topicResponse);
            TopicInfo info = logs.registry().get(topic.name());
            boolean writable = authorizer.authorize(context.session(), AclOperation.WRITE, AclResourceType.TOPIC,
                    topic.name());
            for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                PartitionProduceResponse pr = new PartitionProduceResponse().index(partition.index())
                        .baseOffset(-1);
                topicResponse.partitionResponses().add(pr);
                PartitionError error;
                PartitionLog log = null;
                if (requestError != null) {
                    error = PartitionError.of(requestError, requestErrorMessage(requestError, request));
                } else if (!writable) {
                    error = PartitionError.of(ErrorCode.TOPIC_AUTHORIZATION_FAILED, null);
                } else {
                    boolean exists = info != null && partition.index() >= 0
                            && partition.index() < info.partitionCount();
                    log = exists ? logs.log(info.partition(partition.index())) : null;
                    if (log == null) {
                        error = PartitionError.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "this broker has no partition "
                                + topic.name() + "-" + partition.index());
                    } else if (INTERNAL_TOPICS.contains(topic.name())) {
                        error = PartitionError.of(ErrorCode.INVALID_TOPIC_EXCEPTION, "clients may not write to the "
                                + "internal topic " + topic.name());
                    } else {
                        error = validator.validate(partition.records(), version, log.config(), now);
                        if (error != null) {
                            reportRejected(context, log, error);
                        }
                    }
                }
                if (error != null) {
                    fail(pr, error);
                    anyError = true;
                } else {
                    accepted.add(new Accepted(log, partition.records(), partition.records().readableBytes(), pr));
                }
            }
        }
        List<CompletableFuture<Void>> durable = request.acks() == -1 ? new ArrayList<>() : null;
        List<CompletableFuture<Boolean>> verified = new ArrayList<>();
        for (Accepted a : accepted) {
            anyError |= !append(a, durable, verified, request.transactionalId(), version);
        }
        if (!verified.isEmpty()) {
            boolean failedBefore = anyError;
            return CompletableFuture.allOf(verified.toArray(CompletableFuture[]::new)).thenCompose(v -> {
                boolean failed = failedBefore;
                for (CompletableFuture<Boolean> f : verified) {
                    failed |= !f.join();
                }
                return respond(request, response, durable, failed);
            });
        }
        return respond(request, response, durable, anyError);
    }

    private static CompletableFuture<Response> respond(ProduceRequest request, ProduceResponse response,
                                                       List<CompletableFuture<Void>> durable, boolean anyError) {
        if (request.acks() == 0) {
            return CompletableFuture.completedFuture(anyError ? Response.closeConnection() : Response.none());
        }
        if (durable == null || durable.isEmpty()) {
            return CompletableFuture.completedFuture(Response.of(response));
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> Response.of(response));
    }

    private void reportRejected(RequestContext context, PartitionLog log, PartitionError error) {
        if (error.code() == ErrorCode.CORRUPT_MESSAGE || error.code() == ErrorCode.INVALID_RECORD) {
            badBatches.warn("Refused a record batch for " + log.topicPartition() + " from " + context.clientId()
                    + " at " + context.clientAddress() + " with " + error.code() + ": " + error.message());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Refused a record batch for {} from {} with {}: {}", log.topicPartition(),
                    context.clientAddress(), error.code(), error.message());
        }
    }

    /**
     * Appends one partition and fills its response; false when the append failed. A transactional batch that needs
     * the coordinator's check goes to {@code verified} instead (its future tells the same) and answers true here.
     */
    private boolean append(Accepted a, List<CompletableFuture<Void>> durable, List<CompletableFuture<Boolean>> verified,
                           String transactionalId, short version) {
        PartitionLog log = a.log();
        PartitionProduceResponse pr = a.response();
        AppendResult result;
        try {
            result = log.append(a.records());
        } catch (ProducerStateException e) {
            if (e.reason() == ProducerStateException.Reason.TRANSACTION_NOT_VERIFIED) {
                verified.add(appendVerified(a, durable, transactionalId, version));
                return true;
            }
            fail(pr, producerStateError(e));
            return false;
        } catch (RuntimeException e) {
            fail(pr, storageFailure(log, e));
            return false;
        }
        appended(a, result, durable);
        return true;
    }

    private void appended(Accepted a, AppendResult result, List<CompletableFuture<Void>> durable) {
        PartitionLog log = a.log();
        PartitionProduceResponse pr = a.response();
        pr.baseOffset(result.firstOffset()).logAppendTimeMs(result.logAppendTime())
                .logStartOffset(result.logStartOffset());
        if (!result.duplicate()) {
            traffic.topic(log.topicPartition().topic()).produced(a.bytes(), result.lastOffset() - result.firstOffset() + 1);
        }
        if (durable != null) {
            CompletableFuture<Void> done = log.whenDurable(result.nextOffset()).handle((ok, failure) -> {
                if (failure != null) {
                    fail(pr, storageFailure(log, failure));
                }
                return null;
            });
            synchronized (durable) {
                durable.add(done);
            }
        }
    }

    /** The coordinator checks the partition is in the producer's transaction, then appends on its thread. */
    private CompletableFuture<Boolean> appendVerified(Accepted a, List<CompletableFuture<Void>> durable,
                                                      String transactionalId, short version) {
        ByteBuf records = a.records();
        long producerId = records.getLong(records.readerIndex() + RecordBatch.PRODUCER_ID_OFFSET);
        short epoch = records.getShort(records.readerIndex() + RecordBatch.PRODUCER_EPOCH_OFFSET);
        return transactions.whenInTransaction(transactionalId, producerId, epoch, a.log().topicPartition(),
                () -> a.log().transactions().appendVerified(records)).handle((result, failure) -> {
                    if (failure == null) {
                        appended(a, result, durable);
                        return true;
                    }
                    Throwable cause = failure instanceof CompletionException c
                            && c.getCause() != null ? c.getCause() : failure;
                    if (cause instanceof ProducerStateException e) {
                        fail(a.response(), producerStateError(e));
                    } else if (cause instanceof TransactionException t) {
                        // Refused before the write ran: the producer's next batches need not wait for this one.
                        a.log().transactions().verificationAbandoned(producerId);
                        fail(a.response(), PartitionError.of(verificationError(t.error(), version), t.getMessage()));
                    } else {
                        fail(a.response(), storageFailure(a.log(), cause));
                    }
                    return false;
                });
    }

    /** A coordinator's refusal as Produce answers it (Kafka's mapping for producers). */
    private static ErrorCode verificationError(ErrorCode error, short version) {
        switch (error) {
            case PRODUCER_FENCED:
                return ErrorCode.INVALID_PRODUCER_EPOCH;
            case TRANSACTION_ABORTABLE:
                return version >= 11 ? ErrorCode.TRANSACTION_ABORTABLE : ErrorCode.INVALID_TXN_STATE;
            case COORDINATOR_NOT_AVAILABLE:
            case NOT_COORDINATOR:
            case CONCURRENT_TRANSACTIONS:
                return ErrorCode.NOT_ENOUGH_REPLICAS;
            default:
                return error;
        }
    }

    private static PartitionError producerStateError(ProducerStateException e) {
        return PartitionError.of(e.reason() == ProducerStateException.Reason.INVALID_PRODUCER_EPOCH
                ? ErrorCode.INVALID_PRODUCER_EPOCH : ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, e.getMessage());
    }

    /** The log went away (topic deleted meanwhile) or its disk failed. */
    private PartitionError storageFailure(PartitionLog log, Throwable failure) {
        if (logs.log(log.topicPartition()) != log) {
            return PartitionError.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + log.topicPartition()
                    + " was deleted while the request was handled");
        }
        // An offline log fails every produce to it: one line per interval, not one per request.
        storageFailures.warn("appending to " + log.topicPartition() + " failed", failure);
        return PartitionError.of(ErrorCode.KAFKA_STORAGE_ERROR, "partition " + log.topicPartition()
                + " cannot be written: " + failure.getMessage());
    }

    private static void fail(PartitionProduceResponse pr, PartitionError error) {
        pr.errorCode(error.code().code()).errorMessage(error.message()).baseOffset(-1)
                .logAppendTimeMs(RecordBatch.NO_TIMESTAMP).logStartOffset(-1);
        if (error.recordIndex() >= 0) {
            List<BatchIndexAndErrorMessage> recordErrors = new ArrayList<>(1);
            recordErrors.add(new BatchIndexAndErrorMessage().batchIndex(error.recordIndex())
                    .batchIndexErrorMessage(error.message()));
            pr.recordErrors(recordErrors);
        }
    }

    /** An error that applies to every partition, or null. */
    private static ErrorCode requestError(ProduceRequest request) {
        if (request.acks() != 0 && request.acks() != 1 && request.acks() != -1) {
            return ErrorCode.INVALID_REQUIRED_ACKS;
        }
        if (request.transactionalId() != null) {
            return null;
        }
        for (ProduceRequest.TopicProduceData topic : request.topicData()) {
            for (ProduceRequest.PartitionProduceData partition : topic.partitionData()) {
                ByteBuf records = partition.records();
                if (records != null && records.readableBytes() >= RecordBatch.HEADER_SIZE
                        && (records.getShort(records.readerIndex() + RecordBatch.ATTRIBUTES_OFFSET)
                        & RecordBatch.TRANSACTIONAL_FLAG_MASK) != 0) {
                    return ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
                }
            }
        }
        return null;
    }

    private static String requestErrorMessage(ErrorCode error, ProduceRequest request) {
        return error == ErrorCode.INVALID_REQUIRED_ACKS
                ? "acks must be -1, 0 or 1, not " + request.acks()
                : request.transactionalId() != null ? "not authorized to use transactional id "
                + request.transactionalId() : "transactional records need the request's transactional id";
    }

    @Override
    public ApiMessage readLegacyRequest(RequestContext context, ByteBuf body) {
        return LegacyProduceRequest.read(body, context.apiVersion());
    }
}
