package io.runnel.broker.topic;

/** A partition count that cannot be used (not positive, above the limit, not larger than now): INVALID_PARTITIONS. */
public final class InvalidPartitionsException extends IllegalArgumentException {
    public InvalidPartitionsException(String message) {
        super(message);
    }
}
