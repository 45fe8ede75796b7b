package io.runnel.client;

/**
 * The base of every exception the Runnel client throws or completes a future with. Unchecked, like Kafka's
 * {@code KafkaException}; {@link #isRetriable()} says whether repeating the same operation may succeed.
 */
public class RunnelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the thing that failed and the value involved. */
    public RunnelException(String message) {
        super(message);
    }

    /** An exception caused by {@code cause}. */
    public RunnelException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the same operation may succeed if repeated (after a metadata refresh, a reconnect or a backoff).
     * False unless a subclass says otherwise.
     */
    public boolean isRetriable() {
        return false;
    }
}
