package io.runnel.broker.api;

import io.runnel.protocol.message.ApiMessage;

import java.util.Objects;

/**
 * What a handler answers: a response body and the version to encode it at, or no response at all (a Produce with
 * {@code acks=0}). The network layer adds the response header with the request's correlation id.
 */
public final class Response {
    private static final short REQUEST_VERSION = -1;
    private static final Response NONE = new Response(null, REQUEST_VERSION);

    private final ApiMessage body;
    private final short version;

    private Response(ApiMessage body, short version) {
        this.body = body;
        this.version = version;
    }

    /** A response encoded at the version of the request. */
    public static Response of(ApiMessage body) {
        return new Response(Objects.requireNonNull(body, "body"), REQUEST_VERSION);
    }

    /**
     * A response encoded at a version other than the request's; only ApiVersions does this (an unknown version is
     * answered in v0).
     */
    public static Response atVersion(ApiMessage body, short version) {
        if (version < 0) {
            throw new IllegalArgumentException("response version must not be negative: " + version);
        }
        return new Response(Objects.requireNonNull(body, "body"), version);
    }

    /** No response is sent; the next response on the connection belongs to the next request. */
    public static Response none() {
        return NONE;
    }

    /** True when nothing is sent back. */
    public boolean isNone() {
        return body == null;
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
        return body == null ? "no response" : body.getClass().getSimpleName()
                + (version == REQUEST_VERSION ? "" : " v" + version);
    }
}
