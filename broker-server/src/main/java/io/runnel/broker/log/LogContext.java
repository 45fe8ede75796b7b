package io.runnel.broker.log;

import java.time.Clock;

/**
 * What every partition log of one broker shares: the open-file bound, the flusher, the clock and the append
 * listeners.
 */
record LogContext(OpenSegmentCache cache, Flusher flusher, Clock clock, AppendListeners appendListeners) {
    LogContext(OpenSegmentCache cache, Flusher flusher, Clock clock) {
        this(cache, flusher, clock, new AppendListeners());
    }
}
