package io.runnel.client;

/** A blocking consumer call returned early because another thread called {@code wakeup()}. */
public class WakeupException extends RunnelException {
    private static final long serialVersionUID = 1L;

    /** The exception a woken-up call throws. */
    public WakeupException() {
        super("woken up by wakeup()");
    }
}
