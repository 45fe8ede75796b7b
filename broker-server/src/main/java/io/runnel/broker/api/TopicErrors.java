package io.runnel.broker.api;

import io.runnel.broker.config.ConfigException;
import io.runnel.broker.network.RequestContext;
import io.runnel.broker.topic.InvalidPartitionsException;
import io.runnel.broker.topic.InvalidReplicaAssignmentException;
import io.runnel.broker.topic.InvalidReplicationFactorException;
import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicAlreadyExistsException;
import io.runnel.broker.topic.TopicNotFoundException;
import io.runnel.broker.topic.UnknownTopicIdException;
import io.runnel.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;

/**
 * The Kafka error code and message for a failed topic operation: the edge where the topic domain's exceptions become
 * error codes. Anything unexpected is UNKNOWN_SERVER_ERROR.
 */
final class TopicErrors {
    private static final Logger LOG = LoggerFactory.getLogger(TopicErrors.class);

    /** A failure as the client sees it. */
    record Failure(ErrorCode code, String message) {
    }

    private TopicErrors() {
    }

    /**
     * The code and message for {@code failure}; an unexpected one is logged (it is a broker bug or an I/O failure the
     * client cannot act on) and reported without broker internals.
     */
    static Failure of(Throwable failure, RequestContext request) {
        Throwable t = cause(failure);
        ErrorCode code = code(t);
        if (code == ErrorCode.UNKNOWN_SERVER_ERROR) {
            LOG.warn("{} failed", request, t);
            return new Failure(code, "unexpected broker error (" + t.getClass().getSimpleName()
                    + "); see the broker log");
        }
        return new Failure(code, t.getMessage());
    }

    /** The exception a future failed with, unwrapped from {@link CompletionException}. */
    static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The error code for {@code failure} (unwrapped first). */
    static ErrorCode code(Throwable failure) {
        Throwable t = cause(failure);
        if (t instanceof InvalidTopicException) {
            return ErrorCode.INVALID_TOPIC_EXCEPTION;
        }
        if (t instanceof TopicAlreadyExistsException) {
            return ErrorCode.TOPIC_ALREADY_EXISTS;
        }
        if (t instanceof TopicNotFoundException) {
            return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (t instanceof UnknownTopicIdException) {
            return ErrorCode.UNKNOWN_TOPIC_ID;
        }
        if (t instanceof InvalidPartitionsException) {
            return ErrorCode.INVALID_PARTITIONS;
        }
        if (t instanceof InvalidReplicationFactorException) {
            return ErrorCode.INVALID_REPLICATION_FACTOR;
        }
        if (t instanceof InvalidReplicaAssignmentException) {
            return ErrorCode.INVALID_REPLICA_ASSIGNMENT;
        }
        if (t instanceof ConfigException) {
            return ErrorCode.INVALID_CONFIG;
        }
        if (t instanceof InvalidRequestException) {
            return ErrorCode.INVALID_REQUEST;
        }
        return ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
