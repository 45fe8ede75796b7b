package io.runnel.broker.network;

import io.runnel.protocol.message.ApiMessage;

/**
 * A response ready to be framed: the body, the version to encode it at, and the header version and correlation id
 * taken from the request.
 */
record OutboundResponse(int correlationId, short headerVersion, ApiMessage body, short version) {
    /** The wire form of {@code response} to the request described by {@code context}. */
    static OutboundResponse of(RequestContext context, Response response) {
        short version = response.version(context.apiVersion());
        return new OutboundResponse(context.correlationId(), context.apiKey().responseHeaderVersion(version),
                response.body(), version);
    }
}
