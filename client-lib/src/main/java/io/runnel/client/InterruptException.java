package io.runnel.client;

/**
 * The thread was interrupted while a client call blocked. The unchecked stand-in for {@link InterruptedException}:
 * creating it sets the thread's interrupt flag again, so code further up still sees the interrupt.
 */
public class InterruptException extends RunnelException {
    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause} and restores the current thread's interrupt flag. */
    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }
}
