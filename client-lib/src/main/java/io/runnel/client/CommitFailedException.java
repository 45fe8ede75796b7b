package io.runnel.client;

/** Stand-in for client-core's CommitFailedException until CORE-READY is merged. */
public class CommitFailedException extends RunnelException {
    public CommitFailedException(String message) {
        super(message);
    }
}
