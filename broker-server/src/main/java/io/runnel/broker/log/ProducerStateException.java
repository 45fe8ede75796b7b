package io.runnel.broker.log;

/**
 * An idempotent or transactional producer's batch does not fit what the partition knows of that producer, so it is
 * not appended.
 * The message names the partition, the producer id, the epochs and sequences involved.
 */
public final class ProducerStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the batch was refused; Produce answers each with Kafka's error of the same name. */
    public enum Reason {
        /** The batch's first sequence does not follow the producer's last one (or a new epoch does not start at 0). */
        OUT_OF_ORDER_SEQUENCE_NUMBER,
        /** The batch carries an older epoch than the producer's current one: a zombie instance is fenced. */
        INVALID_PRODUCER_EPOCH,
        /**
         * A transactional batch would open a transaction in this partition: the transaction coordinator must confirm
         * first that the partition is in the producer's transaction (KIP-890 part 1), then the batch is appended as
         * verified.
         */
        TRANSACTION_NOT_VERIFIED
    }

    private final Reason reason;

    public ProducerStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
