package io.runnel.broker.log;

/**
 * Puts a log into states only a bug could cause, so that tests of the layers above the log (fetch, ListOffsets)
 * can check that such a bug surfaces as an error instead of hanging or passing for something else.
 */
public final class LogFaults {
    private LogFaults() {
    }

    /** Retires the oldest segment but leaves it in the segment list: no read of it can ever succeed. */
    public static void retireFirstSegmentButKeepItListed(PartitionLog log) {
        log.segments()[0].retire();
    }

    /** Closes the log as a topic deletion does, without taking it out of its log manager. */
    public static void closeAsDeleted(PartitionLog log) {
        log.closeWithoutFlush(new IllegalStateException("closed by a test"));
    }
}
