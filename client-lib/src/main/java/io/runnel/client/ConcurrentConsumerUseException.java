package io.runnel.client;

/**
 * Thrown when a second thread calls a {@link RunnelConsumer} method while another thread is inside one (Kafka's
 * {@code ConcurrentModificationException} for its consumer). A consumer is used by one thread at a time; only
 * {@link RunnelConsumer#wakeup()} may be called from any thread.
 */
public final class ConcurrentConsumerUseException extends RunnelException {
    public ConcurrentConsumerUseException(String message) {
        super(message);
    }
}
