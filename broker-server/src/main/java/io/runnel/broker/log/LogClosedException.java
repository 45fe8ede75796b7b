package io.runnel.broker.log;

/**
 * A partition log was closed: its topic was deleted, or the broker is stopping. The one expected reason for an
 * operation on a log to fail without an I/O error; the protocol edge answers UNKNOWN_TOPIC_OR_PARTITION. It extends
 * {@link IllegalStateException}, which closed logs threw before it existed.
 */
public final class LogClosedException extends IllegalStateException {
    public LogClosedException(String message) {
        super(message);
    }
}
