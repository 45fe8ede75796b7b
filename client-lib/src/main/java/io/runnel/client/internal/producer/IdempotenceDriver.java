package io.runnel.client.internal.producer;

import io.runnel.client.ApiErrorException;
import io.runnel.client.RunnelException;
import io.runnel.client.internal.net.ClientNetwork;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.InitProducerIdRequest;
import io.runnel.protocol.message.InitProducerIdResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Gets the idempotent producer its id and epoch with InitProducerId and bumps the epoch when
 * {@link ProducerIdentity} says so, then restarts every partition's sequences (see {@link PartitionSequence}).
 * Retriable failures (the broker is down, a coordinator moves) are retried after the backoff; others stop the
 * producer for good. Event loop only, except {@link #fatalError()}.
 */
final class IdempotenceDriver {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotenceDriver.class);

    /** Kafka's default {@code transaction.timeout.ms}, sent as Kafka's idempotent producer sends it. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private final ProducerIdentity identity = new ProducerIdentity();
    private final ClientNetwork network;
    private final long retryBackoffMs;
    private final Runnable wakeup;
    private final RecordAccumulator accumulator;
    private volatile RuntimeException fatal;
    private volatile RunnelException lastError;

    IdempotenceDriver(ClientNetwork network, Duration retryBackoff, RecordAccumulator accumulator, Runnable wakeup) {
        this.network = network;
        this.retryBackoffMs = retryBackoff.toMillis();
        this.accumulator = accumulator;
        this.wakeup = wakeup;
    }

    /**
     * Whether batches may be drained now; if not, starts the InitProducerId request that is due (a bump only once
     * {@code nothingInFlight}).
     */
    boolean readyToSend(boolean nothingInFlight) {
        if (identity.isReady()) {
            return true;
        }
        if (identity.needsRequest()
                && (identity.state() == ProducerIdentity.State.NEEDS_ID || nothingInFlight)) {
            long producerId = identity.beginRequest(true);
            InitProducerIdRequest request = new InitProducerIdRequest().transactionalId(null)
                    .transactionTimeoutMs(TRANSACTION_TIMEOUT_MS)
                    .producerId(producerId)
                    .producerEpoch(identity.requestEpoch(true));
            network.<InitProducerIdResponse>sendToAny(request, InitProducerIdRequest.HIGHEST_VERSION)
                    .whenComplete((response, error) -> {
                        try {
                            answered(response, error);
                        } catch (RuntimeException e) {
                            LOG.error("Idempotent producer: handling the InitProducerId answer failed", e);
                            stop(e);
                        }
                    });
        }
        return false;
    }

    private void answered(InitProducerIdResponse response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            lastError = cause instanceof RunnelException re ? re
                    : new RunnelException("InitProducerId failed: " + cause, cause);
            if (lastError.isRetriable()) {
                retryLater();
            } else {
                stop(lastError);
            }
            return;
        }
        ErrorCode code = ErrorCode.forCode(response.errorCode());
        if (code != ErrorCode.NONE) {
            lastError = ApiErrorException.of(code, "InitProducerId for an idempotent producer");
            if (code.isRetriable()) {
                retryLater();
            } else {
                stop(lastError);
            }
            return;
        }
        if (identity.established(response.producerId(), response.producerEpoch())) {
            for (TopicQueues topic : accumulator.topics()) {
                for (PartitionQueue queue : topic.partitions()) {
                    queue.sequence().reset();
                    queue.clearSequences();
                }
            }
        }
        wakeup.run();
    }

    private void retryLater() {
        identity.requestFailed();
        network.eventLoop().schedule(wakeup, retryBackoffMs, TimeUnit.MILLISECONDS);
    }

    private void stop(RuntimeException cause) {
        fatal = cause;
        identity.fatal(cause);
        wakeup.run();
    }

    /** The broker's view of some sequence is in doubt: bump before sending more. */
    void bumpNeeded() {
        identity.bumpNeeded();
    }

    long producerId() {
        return identity.producerId();
    }

    short epoch() {
        return identity.epoch();
    }

    /** The error that stopped the producer, or null. Any thread. */
    RuntimeException fatalError() {
        return fatal;
    }

    /** The last failure of an InitProducerId request, or null. Any thread. */
    RunnelException lastError() {
        return lastError;
    }
}
