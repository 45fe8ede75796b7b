package io.runnel.broker.logging;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * WARN lines for one kind of client misbehaviour, at most one per interval; lines dropped in between are counted
 * and reported with the next one, so a misbehaving client cannot flood the log.
 */
public final class RateLimitedLogger {
    private static final long NEVER = Long.MIN_VALUE;

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(NEVER);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLogger(Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code message} at WARN unless another line of this kind was logged within the interval. */
    public void warn(String message) {
        warn(message, null);
    }

    /** As {@link #warn(String)}, with the stack trace of {@code cause} when it is not null. */
    public void warn(String message, Throwable cause) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        long dropped = admit();
        if (dropped < 0) {
            return;
        }
        String line = dropped == 0 ? message : message + " (" + dropped + " similar lines suppressed)";
        if (cause == null) {
            logger.warn(line);
        } else {
            logger.warn(line, cause);
        }
    }

    /** The number of lines dropped since the last one logged, or -1 when this line must be dropped too. */
    private long admit() {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        boolean due = allowed == NEVER || now - allowed >= 0;
        if (!due || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
