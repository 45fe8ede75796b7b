package io.runnel.client.internal.producer;

import io.runnel.protocol.ErrorCode;

/**
 * The idempotent producer's sequence bookkeeping for one partition, as a state machine the sender drives: which
 * sequence the next new batch gets, how many batches are in flight, the last acknowledged sequence, and what a
 * broker answer means for a batch.
 *
 * <p>Invariants: sequences are assigned once per batch, in the order batches are first sent, and wrap from
 * {@code Integer.MAX_VALUE} to 0 as Kafka's do; a batch keeps its sequence across retries within one epoch, so
 * the broker recognises a retry of an appended batch as a duplicate and appends it once. A batch that failed
 * and must be sent again goes back to the head of its partition's queue in sequence order, and such a retry is
 * only sent when nothing of the partition is in flight ({@link #maySend}), so a retry never overtakes the batch
 * before it. After an epoch bump {@link #reset()} starts again at 0.
 *
 * <p>What an answer means (Kafka's client behaves the same way):
 * <ul>
 *   <li>NONE, DUPLICATE_SEQUENCE_NUMBER: acknowledged.</li>
 *   <li>OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID for a batch that is not the next one to be
 *       acknowledged: a batch before it failed first; retry it after that one.</li>
 *   <li>OUT_OF_ORDER_SEQUENCE_NUMBER for the next batch to be acknowledged: the broker has a gap; fail the batch
 *       and bump the epoch so that later batches start a clean sequence.</li>
 *   <li>UNKNOWN_PRODUCER_ID for the next batch to be acknowledged: the broker forgot the producer (its state
 *       expired), nothing of the batch was written; bump the epoch and retry it.</li>
 *   <li>another retriable error: retry; another error: fail, and bump the epoch when the batch had a sequence
 *       (the broker's view of the sequence is unknown now).</li>
 * </ul>
 *
 * <p>Confined to the sender's thread: not thread-safe.
 */
public final class PartitionSequence {
    private int nextSequence;
    private int lastAcked = -1;
    private int inFlight;

    /** The sequence that follows {@code sequence}, wrapping as Kafka's does. */
    public static int increment(int sequence, int by) {
        return sequence > Integer.MAX_VALUE - by ? by - (Integer.MAX_VALUE - sequence) - 1 : sequence + by;
    }

    /** Takes the sequences for a new batch of {@code recordCount} records and returns its base sequence. */
    public int assign(int recordCount) {
        int base = nextSequence;
        nextSequence = increment(nextSequence, recordCount);
        return base;
    }

    /** The base sequence the next new batch gets. */
    public int nextSequence() {
        return nextSequence;
    }

    /** The last sequence the broker acknowledged in this epoch, -1 for none. */
    public int lastAcked() {
        return lastAcked;
    }

    /** Batches of this partition sent and not answered yet. */
    public int inFlight() {
        return inFlight;
    }

    /**
     * Whether a batch may be sent now: a new one (no sequence yet) while fewer than {@code maxInFlight} are in
     * flight, a retry (it has a sequence) only when none is.
     */
    public boolean maySend(boolean isRetry, int maxInFlight) {
        return isRetry ? inFlight == 0 : inFlight < maxInFlight;
    }

    /** A batch of this partition was handed to the network. */
    public void sent() {
        inFlight++;
    }

    /**
     * Records the answer for the batch with sequences {@code baseSequence .. baseSequence + recordCount - 1} and
     * says what to do with it.
     *
     * @param error     the partition's error code in the Produce response, or a transport error's equivalent
     * @param retriable whether the error is retriable (for errors outside the sequence rules above)
     */
    public SequenceOutcome onAnswer(int baseSequence, int recordCount, ErrorCode error, boolean retriable) {
        if (inFlight == 0) {
            throw new IllegalStateException("an answer arrived for sequence " + baseSequence
                    + " but no batch is in flight");
        }
        inFlight--;
        boolean nextInLine = baseSequence == increment(lastAcked, 1);
        switch (error) {
            case NONE:
            case DUPLICATE_SEQUENCE_NUMBER:
                if (nextInLine) {
                    lastAcked = increment(baseSequence, recordCount - 1);
                }
                return SequenceOutcome.COMPLETE;
            case OUT_OF_ORDER_SEQUENCE_NUMBER:
                return nextInLine ? SequenceOutcome.BUMP_AND_FAIL : SequenceOutcome.RETRY;
            case UNKNOWN_PRODUCER_ID:
                return nextInLine ? SequenceOutcome.BUMP_AND_RETRY : SequenceOutcome.RETRY;
            default:
                return retriable ? SequenceOutcome.RETRY : SequenceOutcome.BUMP_AND_FAIL;
        }
    }

    /** Starts the partition over for a new epoch: sequence 0, nothing acknowledged. Nothing may be in flight. */
    public void reset() {
        if (inFlight != 0) {
            throw new IllegalStateException("cannot reset sequences with " + inFlight + " batches in flight");
        }
        nextSequence = 0;
        lastAcked = -1;
    }
}
