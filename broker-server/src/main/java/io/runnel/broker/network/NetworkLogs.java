package io.runnel.broker.network;

import io.runnel.broker.logging.RateLimitedLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker-wide rate-limited WARN lines for client misbehaviour, one stream per kind so that one noisy kind does
 * not hide the others.
 */
final class NetworkLogs {
    private static final long INTERVAL_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger("io.runnel.broker.network");

    private final RateLimitedLogger badFrame = new RateLimitedLogger(LOG, INTERVAL_MILLIS);
    private final RateLimitedLogger badRequest = new RateLimitedLogger(LOG, INTERVAL_MILLIS);
    private final RateLimitedLogger tooManyConnections = new RateLimitedLogger(LOG, INTERVAL_MILLIS);
    private final RateLimitedLogger handlerFailure = new RateLimitedLogger(LOG, INTERVAL_MILLIS);
    private final RateLimitedLogger connectionError = new RateLimitedLogger(LOG, INTERVAL_MILLIS);
    private final RateLimitedLogger authentication = new RateLimitedLogger(LOG, INTERVAL_MILLIS);

    /** The logger for DEBUG lines of the network layer. */
    Logger debug() {
        return LOG;
    }

    /** Negative or oversized frame sizes. */
    RateLimitedLogger badFrame() {
        return badFrame;
    }

    /** Requests that cannot be decoded or are not served. */
    RateLimitedLogger badRequest() {
        return badRequest;
    }

    /** Connections refused by max.connections. */
    RateLimitedLogger tooManyConnections() {
        return tooManyConnections;
    }

    /** Handlers that failed or produced a response that does not encode: broker bugs, never client input. */
    RateLimitedLogger handlerFailure() {
        return handlerFailure;
    }

    /** Connections refused for want of authentication: TLS handshakes that failed, requests before SASL. */
    RateLimitedLogger authentication() {
        return authentication;
    }

    /** Unexpected exceptions on a connection. */
    RateLimitedLogger connectionError() {
        return connectionError;
    }
}
