package io.runnel.broker.topic;

/** A replication factor one broker cannot give: Kafka's INVALID_REPLICATION_FACTOR. */
public final class InvalidReplicationFactorException extends IllegalArgumentException {
    public InvalidReplicationFactorException(String message) {
        super(message);
    }
}
