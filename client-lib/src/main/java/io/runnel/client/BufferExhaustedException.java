package io.runnel.client;

/**
 * A producer's buffer memory stayed full for longer than it may block a {@code send}. Retriable: the buffer drains
 * as the broker acknowledges batches.
 */
public class BufferExhaustedException extends RunnelTimeoutException {
    private static final long serialVersionUID = 1L;

    /** @param message names the buffer size and the time waited */
    public BufferExhaustedException(String message) {
        super(message);
    }
}
