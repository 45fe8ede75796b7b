package io.runnel.broker;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGTERM and SIGINT into a request for a clean shutdown that the main thread waits for, instead of the
 * JVM's default of running shutdown hooks and exiting with 128 + the signal number.
 */
final class ShutdownSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final java.util.List<String> unsupported = new java.util.ArrayList<>();
    private volatile String reason = "shutdown requested";

    /** Installs the handlers; from now on TERM and INT only call {@link #trigger(String)}. */
    void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> trigger("SIG" + signal.getName()));
            } catch (IllegalArgumentException e) {
                // Not on this platform: the shutdown hook still closes the broker, with the JVM's exit code.
                unsupported.add(name + " (" + e.getMessage() + ")");
            }
        }
    }

    /** Signals that could not be handled (logged by the caller once logging is up). */
    java.util.List<String> unsupported() {
        return unsupported;
    }

    /** Requests the shutdown; later calls do nothing. */
    void trigger(String why) {
        if (requested.getCount() > 0) {
            reason = why;
            requested.countDown();
        }
    }

    /** Blocks until a shutdown is requested and returns what requested it. */
    String await() throws InterruptedException {
        requested.await();
        return reason;
    }
}
