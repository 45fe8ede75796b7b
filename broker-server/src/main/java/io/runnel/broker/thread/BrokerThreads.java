package io.runnel.broker.thread;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every thread the broker starts outside Netty: daemon (a forgotten thread never keeps a JVM with an
 * embedded broker alive), named {@code runnel-<role>}, and with an uncaught-exception handler that logs the role.
 */
public final class BrokerThreads {
    /** Prefix of every broker thread's name. */
    public static final String PREFIX = "runnel-";

    private BrokerThreads() {
    }

    /** Loaded on first use: Main makes its warm-up thread here before logging is initialised, on that thread. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(BrokerThreads.class);
    }

    /** A new, not yet started thread named {@code runnel-<role>} that runs {@code body}. */
    public static Thread newThread(String role, Runnable body) {
        if (role == null || role.isEmpty()) {
            throw new IllegalArgumentException("a broker thread needs a role name, got '" + role + "'");
        }
        Thread t = new Thread(body, PREFIX + role);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> Log.LOG.error("thread {} died", thread.getName(), e));
        return t;
    }
}
