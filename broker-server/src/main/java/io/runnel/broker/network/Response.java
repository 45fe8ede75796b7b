package io.runnel.broker.network;

import io.runnel.protocol.message.ApiMessage;

import java.util.Objects;

/**
 * What a handler answers: a response body and the version to encode it at, no response at all (a Produce with
 * {@code acks=0}), or the connection closed instead of an answer (a Produce with {@code acks=0} that failed: the
 * only way to tell such a client, as Kafka does). The network layer adds the response header with the request's
 * correlation id.
 */
public final class Response {
    private static final short REQUEST_VERSION = -1;
    private static final Response NONE = new Response(null, REQUEST_VERSION, false);
    private static final Response CLOSE = new Response(null, REQUEST_VERSION, true);

    private final ApiMessage body;
    private final short version;
    private final boolean closesConnection;
    private final boolean closesAfterWrite;

    private Response(ApiMessage body, short version, boolean closesConnection) {
        this(body, version, closesConnection, false);
    }

    private Response(ApiMessage body, short version, boolean closesConnection, boolean closesAfterWrite) {
        this.body = body;
        this.version = version;
        this.closesConnection = closesConnection;
        this.closesAfterWrite = closesAfterWrite;
    }

    /**
     * A response at the request's version after which the connection is closed, requests after this one unanswered:
     * a failed authentication.
     */
    public static Response thenClose(ApiMessage body) {
        return new Response(Objects.requireNonNull(body, "body"), REQUEST_VERSION, false, true);
    }

    /** True when the connection is closed once this response has been written. */
    public boolean closesAfterWrite() {
        return closesAfterWrite;
    }

    /** A response encoded at the version of the request. */
    public static Response of(ApiMessage body) {
        return new Response(Objects.requireNonNull(body, "body"), REQUEST_VERSION, false);
    }

    /**
     * A response encoded at a version other than the request's; only ApiVersions does this (an unknown version is
     * answered in v0).
     */
    public static Response atVersion(ApiMessage body, short version) {
        if (version < 0) {
            throw new IllegalArgumentException("response version must not be negative: " + version);
        }
        return new Response(Objects.requireNonNull(body, "body"), version, false);
    }

    /** No response is sent; the next response on the connection belongs to the next request. */
    public static Response none() {
        return NONE;
    }

    /**
     * No response: when its turn comes (after the responses to earlier requests have been written) the connection
     * is closed and requests after this one are not answered.
     */
    public static Response closeConnection() {
        return CLOSE;
    }

    /** True when nothing is sent back and the connection stays open. */
    public boolean isNone() {
        return body == null && !closesConnection;
    }

    /** True when the connection is closed instead of answering. */
    public boolean closesConnection() {
        return closesConnection;
    }

    /** The body, or {@code null} for {@link #none()}. */
    public ApiMessage body() {
        return body;
    }

    /** The version to encode the body at, given the request's version. */
    public short version(short requestVersion) {
        return version == REQUEST_VERSION ? requestVersion : version;
    }

    @Override
    public String toString() {
        return closesConnection ? "close the connection" : body == null ? "no response"
                : body.getClass().getSimpleName()
                + (version == REQUEST_VERSION ? "" : " v" + version);
    }
}
