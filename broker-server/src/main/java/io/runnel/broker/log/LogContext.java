package io.runnel.broker.log;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every partition log of one broker shares: the open-file bound, the flusher, the clock, the append listeners,
 * the executor for storage work that must not run on a network thread (building a segment's indexes), and the probe
 * that tests use to see which thread does such work.
 *
 * @param background runs tasks on a broker background thread; it may reject them once the broker is stopping
 */
record LogContext(OpenSegmentCache cache, Flusher flusher, Clock clock, AppendListeners appendListeners,
                  Executor background, FileWorkProbe fileWork) {
    LogContext(OpenSegmentCache cache, Flusher flusher, Clock clock, Executor background) {
        this(cache, flusher, clock, new AppendListeners(), background, new FileWorkProbe());
    }
}
