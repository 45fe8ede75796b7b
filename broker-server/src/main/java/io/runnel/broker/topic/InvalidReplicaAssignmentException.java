package io.runnel.broker.topic;

/** Explicit replica assignments that name brokers other than this one or skip partitions: INVALID_REPLICA_ASSIGNMENT. */
public final class InvalidReplicaAssignmentException extends IllegalArgumentException {
    public InvalidReplicaAssignmentException(String message) {
        super(message);
    }
}
