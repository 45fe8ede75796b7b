package io.runnel.client;

/**
 * An operation did not complete within its time limit (a request timeout, a delivery timeout, a wait for metadata).
 * Retriable: the broker may simply have been slow.
 */
public class RunnelTimeoutException extends RunnelException {
    private static final long serialVersionUID = 1L;

    /** A timeout whose message names what was waited for and for how long. */
    public RunnelTimeoutException(String message) {
        super(message);
    }

    /** A timeout caused by {@code cause}. */
    public RunnelTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always true. */
    @Override
    public boolean isRetriable() {
        return true;
    }
}
