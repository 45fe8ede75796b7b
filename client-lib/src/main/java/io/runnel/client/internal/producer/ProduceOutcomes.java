package io.runnel.client.internal.producer;

import io.runnel.client.ApiErrorException;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ProduceResponse;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What happens to a batch once its Produce request is answered (or fails): complete its records, send it again
 * after the backoff (at the head of its partition, see {@link PartitionQueue#reenqueue}), or fail it, as
 * {@link PartitionSequence} decides for idempotent batches and retriability decides otherwise. A retry that would
 * pass the delivery timeout fails instead. Stale-metadata errors mark the metadata stale for the sender. Completions and
 * failures are handed to the {@link CallbackRunner}, which also gives the batch's memory back.
 *
 * <p>Event loop only, except {@link #expired} and {@link #fail} (any thread).
 */
final class ProduceOutcomes {
    private final RecordAccumulator accumulator;
    private final Runnable metadataStale;
    private final CallbackRunner callbacks;
    private final IdempotenceDriver idempotence;
    private final LongSupplier nanoClock;
    private final long deliveryTimeoutNanos;
    private final long retryBackoffNanos;
    private volatile RunnelException lastError;

    /**
     * @param metadataStale run when an answer shows the metadata is stale; the sender refreshes it on its next run,
     *                      outside this class's bookkeeping
     */
    ProduceOutcomes(ProducerSettings settings, RecordAccumulator accumulator, Runnable metadataStale,
                    CallbackRunner callbacks, IdempotenceDriver idempotence, LongSupplier nanoClock) {
        this.accumulator = accumulator;
        this.metadataStale = metadataStale;
        this.callbacks = callbacks;
        this.idempotence = idempotence;
        this.nanoClock = nanoClock;
        this.deliveryTimeoutNanos = settings.deliveryTimeout().toNanos();
        this.retryBackoffNanos = settings.retryBackoff().toNanos();
    }

    /** The Produce request holding {@code batches} was answered with {@code response}, or failed with {@code error}. */
    void onAnswer(List<ProducerBatch> batches, ProduceResponse response, Throwable error) {
        long now = nanoClock.getAsLong();
        if (error != null) {
            RunnelException cause = asRunnel(error);
            lastError = cause;
            ErrorCode code = codeOf(cause);
            if (cause instanceof BrokerUnavailableException || cause instanceof RunnelTimeoutException) {
                metadataStale.run();
            }
            for (ProducerBatch batch : batches) {
                handle(batch, code, cause.isRetriable(), cause, -1, -1, now);
            }
            return;
        }
        for (ProducerBatch batch : batches) {
            ProduceResponse.PartitionProduceResponse answer = find(response, batch.queue());
            if (answer == null) {
                handle(batch, ErrorCode.UNKNOWN_SERVER_ERROR, false,
                        new RunnelException("the Produce response has no answer for " + batch.queue()), -1, -1, now);
                continue;
            }
            ErrorCode code = ErrorCode.forCode(answer.errorCode());
            if (code == ErrorCode.NONE || code == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
                handle(batch, code, false, null, answer.baseOffset(), answer.logAppendTimeMs(), now);
            } else {
                RunnelException cause = ApiErrorException.of(code, "produce to " + batch.queue()
                        + (answer.errorMessage() == null ? "" : ": " + answer.errorMessage()));
                lastError = cause;
                handle(batch, code, code.isRetriable(), cause, -1, -1, now);
            }
        }
    }

    /** An acks=0 request holding {@code batches} was written to the socket, or failed before. */
    void onWritten(List<ProducerBatch> batches, Throwable error) {
        if (error != null) {
            onAnswer(batches, null, error);
            return;
        }
        for (ProducerBatch batch : batches) {
            complete(batch, -1, -1);
        }
    }

    private void handle(ProducerBatch batch, ErrorCode code, boolean retriable, RunnelException cause,
                        long baseOffset, long logAppendTime, long now) {
        PartitionQueue queue = batch.queue();
        boolean sequenced = idempotence != null && batch.baseSequence() >= 0;
        SequenceOutcome outcome;
        if (sequenced) {
            outcome = queue.sequence().onAnswer(batch.baseSequence(), batch.recordCount(), code, retriable);
        } else if (code == ErrorCode.NONE) {
            outcome = SequenceOutcome.COMPLETE;
        } else {
            outcome = retriable ? SequenceOutcome.RETRY : SequenceOutcome.FAIL;
        }
        if (code == ErrorCode.NOT_LEADER_OR_FOLLOWER || code == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                || code == ErrorCode.LEADER_NOT_AVAILABLE) {
            metadataStale.run();
        }
        switch (outcome) {
            case COMPLETE -> complete(batch, code == ErrorCode.DUPLICATE_SEQUENCE_NUMBER ? -1 : baseOffset,
                    logAppendTime);
            case RETRY, BUMP_AND_RETRY -> {
                if (now - batch.createdNanos() >= deliveryTimeoutNanos) {
                    if (sequenced) {
                        idempotence.bumpNeeded();
                    }
                    fail(batch, expired(batch.recordCount(), queue.toString(), now - batch.createdNanos()));
                    return;
                }
                if (outcome == SequenceOutcome.BUMP_AND_RETRY) {
                    idempotence.bumpNeeded();
                }
                batch.retryAt(now + retryBackoffNanos);
                queue.reenqueue(batch);
            }
            case BUMP_AND_FAIL -> {
                idempotence.bumpNeeded();
                fail(batch, cause);
            }
            case FAIL -> fail(batch, cause);
        }
    }

    private static ProduceResponse.PartitionProduceResponse find(ProduceResponse response, PartitionQueue queue) {
        for (ProduceResponse.TopicProduceResponse topic : response.responses()) {
            if (topic.name().equals(queue.topic())) {
                for (ProduceResponse.PartitionProduceResponse partition : topic.partitionResponses()) {
                    if (partition.index() == queue.partition()) {
                        return partition;
                    }
                }
            }
        }
        return null;
    }

    /** Metadata for {@code topic} could not be had; records of a topic the broker refuses fail now. */
    void metadataFailed(String topic, Throwable error) {
        RunnelException cause = asRunnel(error);
        lastError = cause;
        if (cause instanceof ApiErrorException api && !api.isRetriable()
                && api.errorCode() != ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            List<PendingRecord> refused = new java.util.ArrayList<>();
            accumulator.removePending(topic, refused);
            for (PendingRecord record : refused) {
                fail(record, cause);
            }
        }
    }

    /** A record that waited for metadata names a partition the topic lacks, or the partitioner was out of range. */
    void failUnplaceable(PendingRecord record) {
        String topic = record.record().topic();
        RunnelException cause = record.record().partition() >= 0
                ? ApiErrorException.of(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition "
                        + record.record().partition() + " of topic " + topic + " does not exist")
                : new RunnelException("the partitioner chose a partition outside topic " + topic);
        fail(record, cause);
    }

    /** The timeout error for records that outlived the delivery timeout, with the last error seen as cause. */
    RunnelTimeoutException expired(int records, String where, long ageNanos) {
        RunnelException last = lastError != null ? lastError : idempotence == null ? null : idempotence.lastError();
        String message = "expiring " + records + " record(s) for " + where + ": "
                + TimeUnit.NANOSECONDS.toMillis(ageNanos) + " ms passed since they were sent, past the delivery timeout"
                + (last == null ? "" : "; last error: " + last.getMessage());
        return last == null ? new RunnelTimeoutException(message) : new RunnelTimeoutException(message, last);
    }

    private void complete(ProducerBatch batch, long baseOffset, long logAppendTime) {
        callbacks.execute(() -> {
            if (batch.complete(baseOffset, logAppendTime)) {
                accumulator.done(batch);
            }
        });
    }

    /** Fails a batch's records on the callback thread and gives its memory back. */
    void fail(ProducerBatch batch, RuntimeException cause) {
        callbacks.execute(() -> {
            if (batch.fail(cause)) {
                accumulator.done(batch);
            }
        });
    }

    /** Fails a record that never reached a batch, on the callback thread. */
    void fail(PendingRecord record, RuntimeException cause) {
        callbacks.execute(() -> record.future().completeExceptionally(cause));
    }

    static RunnelException asRunnel(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RunnelException re ? re : new RunnelException(String.valueOf(cause.getMessage()), cause);
    }

    private static ErrorCode codeOf(RunnelException cause) {
        if (cause instanceof ApiErrorException api) {
            return api.errorCode();
        }
        if (cause instanceof RunnelTimeoutException) {
            return ErrorCode.REQUEST_TIMED_OUT;
        }
        return cause.isRetriable() ? ErrorCode.NETWORK_EXCEPTION : ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
