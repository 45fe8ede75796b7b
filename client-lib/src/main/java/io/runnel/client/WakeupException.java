package io.runnel.client;

/** Stand-in for client-core's WakeupException until CORE-READY is merged. */
public class WakeupException extends RunnelException {
    public WakeupException() {
        super("woken up by wakeup()");
    }
}
