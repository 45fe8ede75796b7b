package io.runnel.client;

/** Stand-in for client-core's OffsetOutOfRangeException until CORE-READY is merged. */
public class OffsetOutOfRangeException extends RunnelException {
    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
