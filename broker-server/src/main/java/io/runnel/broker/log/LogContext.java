package io.runnel.broker.log;

import java.time.Clock;

/** What every partition log of one broker shares: the open-file bound, the flusher and the clock. */
record LogContext(OpenSegmentCache cache, Flusher flusher, Clock clock) {
}
