package io.runnel.client;

/** Stand-in for client-core's RunnelException until CORE-READY is merged. */
public class RunnelException extends RuntimeException {
    public RunnelException(String message) {
        super(message);
    }

    public RunnelException(String message, Throwable cause) {
        super(message, cause);
    }

    public boolean isRetriable() {
        return false;
    }
}
