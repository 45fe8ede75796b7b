package io.runnel.client;

/**
 * How many acknowledgements the producer waits for before it considers a record sent (Kafka's {@code acks}).
 */
public enum Acks {
    /**
     * Fast, may lose data: the producer does not wait for any answer; a record counts as sent once it is written
     * to the socket. Offsets are unknown ({@link RecordMetadata#offset()} is -1) and errors on the broker go
     * unnoticed, so nothing is retried. Idempotence needs {@link #ALL}.
     */
    NONE((short) 0),
    /**
     * The partition leader acknowledges once it appended the record. On Runnel that means written to the
     * operating system (it survives a broker process crash, not a power loss); on Kafka, appended by the leader
     * before followers copied it.
     */
    LEADER((short) 1),
    /**
     * The strongest guarantee (the default): on Runnel the record is fsynced to disk before the acknowledgement
     * (unless the broker runs with {@code log.fsync.enable=false}); on Kafka every in-sync replica has it.
     */
    ALL((short) -1);

    private final short wireValue;

    Acks(short wireValue) {
        this.wireValue = wireValue;
    }

    /** The value of the Produce request's {@code acks} field: 0, 1 or -1. */
    public short wireValue() {
        return wireValue;
    }
}
