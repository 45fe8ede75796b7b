package io.runnel.broker;

import io.runnel.broker.thread.BrokerThreads;

import java.util.concurrent.CountDownLatch;

/**
 * The request to stop a broker started from the command line, and the wait for it.
 *
 * <p>On SIGTERM or SIGINT the JVM runs its shutdown hooks and would then exit with 128 + the signal number. With
 * {@link #exitCleanlyOnSignal()} the hook instead asks the main thread to stop the broker cleanly, waits until it
 * has, and ends the process with 0: a requested stop is a success.
 *
 * <p>The hook is a plain thread handed to the JVM, which starts it at shutdown (it cannot be an agent); it is made
 * by {@link BrokerThreads} like every broker thread, so it is named {@code runnel-shutdown} and logs what kills it.
 * It blocks until the main thread has closed the broker.
 */
final class ShutdownSignal {
    /** The role of the JVM shutdown hook, named {@code runnel-shutdown}. */
    static final String HOOK_ROLE = "shutdown";

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean brokerRunning;
    private volatile String reason = "shutdown requested";

    /** Installs the JVM shutdown hook; only for a process that is nothing but the broker. */
    void exitCleanlyOnSignal() {
        Runtime.getRuntime().addShutdownHook(newHookThread());
    }

    /** The hook thread, not started: the JVM starts it at shutdown. */
    Thread newHookThread() {
        return BrokerThreads.newThread(HOOK_ROLE, this::onJvmShutdown);
    }

    private void onJvmShutdown() {
        if (!brokerRunning) {
            return;
        }
        trigger("shutdown signal");
        boolean interrupted = false;
        while (stopped.getCount() > 0) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(0);
    }

    /** The broker is up: from now on a JVM shutdown waits for it to stop. */
    void brokerStarted() {
        brokerRunning = true;
    }

    /** The broker has stopped cleanly. */
    void brokerStopped() {
        stopped.countDown();
    }

    /** Requests the stop; later calls do nothing. */
    void trigger(String why) {
        if (requested.getCount() > 0) {
            reason = why;
            requested.countDown();
        }
    }

    /** Blocks until a stop is requested and returns what requested it. */
    String await() throws InterruptedException {
        requested.await();
        return reason;
    }
}
