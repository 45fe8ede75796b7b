package io.runnel.broker.fetch;

import io.runnel.broker.log.LogClosedException;
import io.runnel.broker.log.OffsetOutsideLogException;
import io.runnel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;

/**
 * The error code a partition gets when reading its log failed (Fetch, ListOffsets): the reasons a read may
 * legitimately fail keep their Kafka codes; anything else is a bug, logged with its stack and answered
 * UNKNOWN_SERVER_ERROR rather than passed off as a missing partition.
 */
public final class ReadErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ReadErrors.class);

    private ReadErrors() {
    }

    /**
     * The code for {@code failure} of the read described by {@code what}.
     *
     * @param what the read, for the log line ("Fetch of t-0 at offset 5")
     */
    public static ErrorCode code(RuntimeException failure, String what) {
        if (failure instanceof OffsetOutsideLogException) {
            return ErrorCode.OFFSET_OUT_OF_RANGE;
        }
        if (failure instanceof LogClosedException) {
            // Its topic was deleted (or the broker is stopping) while the request was handled.
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (failure instanceof UncheckedIOException) {
            LOG.warn("{} failed", what, failure);
            return ErrorCode.KAFKA_STORAGE_ERROR;
        }
        LOG.error("{} failed unexpectedly", what, failure);
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
