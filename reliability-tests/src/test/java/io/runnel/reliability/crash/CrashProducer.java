package io.runnel.reliability.crash;

/** A producer of one {@link ProducerKind}, as the crash suite uses it. Implementations must be thread-safe. */
public interface CrashProducer extends AutoCloseable {
    /** Told, on a client thread, how one send ended: exactly one of the two, once. */
    interface Outcome {
        void acknowledged(int partition, long offset);

        void failed(Exception cause);
    }

    /**
     * Sends {@code value} to {@code topic}-{@code partition} asynchronously. May block while the client's buffer
     * is full; throws when the client is unusable (then the suite closes it and opens another).
     */
    void send(String topic, int partition, String value, Outcome outcome);

    /** Closes without waiting for unacknowledged sends. */
    @Override
    void close();
}
