package io.runnel.broker.http;

/**
 * Whether the broker is ready for traffic, for {@code /ready}: not while it starts (logs loading, coordinator
 * replaying, listener binding) nor once it has begun to stop. {@code /health} only says the process serves.
 * Safe from any thread.
 */
public final class Readiness {
    private volatile String notReadyBecause = "starting";

    /** The broker has loaded its data and bound its listeners. */
    public void ready() {
        notReadyBecause = null;
    }

    /** The broker is no longer ready, for {@code reason} (e.g. "stopping"). */
    public void notReady(String reason) {
        notReadyBecause = reason;
    }

    /** Null when ready, else why not. */
    public String notReadyBecause() {
        return notReadyBecause;
    }
}
