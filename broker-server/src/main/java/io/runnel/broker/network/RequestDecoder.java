package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.RequestHeader;

/**
 * Turns a frame into an {@link InboundRequest}: reads the request header, then the body at the request's version.
 *
 * <p>As Kafka does, the connection is closed when the request cannot be answered at all: a frame too short for a
 * header, an API the broker does not serve, a version outside the supported range, or a header that does not
 * decode. ApiVersions is the exception: a version newer than the broker knows is passed on with an empty v0 body
 * so that it can be answered with UNSUPPORTED_VERSION, and so is a version advertised below what the codec reads
 * (Produce v0-2) when its handler decodes it by hand ({@link io.runnel.broker.network.ApiHandler#readLegacyRequest}).
 * A body that does not decode is passed on with the error, so the handler can answer with an error code.
 */
final class RequestDecoder extends ChannelInboundHandlerAdapter {
    /** api key, api version, correlation id. */
    private static final int HEADER_PREFIX_BYTES = 8;

    private final ApiHandlers handlers;
    private final NetworkLogs logs;
    private final ConnectionSession session;
    private boolean rejected;

    RequestDecoder(ApiHandlers handlers, NetworkLogs logs, ConnectionSession session) {
        this.handlers = handlers;
        this.logs = logs;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (rejected) {
            // Frames that arrived with the one that closed the connection are not served.
            frame.release();
            return;
        }
        boolean passedOn = false;
        try {
            InboundRequest request = decode(ctx, frame);
            if (request != null) {
                passedOn = true;
                ctx.fireChannelRead(request);
            }
        } finally {
            if (!passedOn) {
                frame.release();
            }
        }
    }

    /** The request, or {@code null} after closing the connection. */
    private InboundRequest decode(ChannelHandlerContext ctx, ByteBuf frame) {
        int frameBytes = frame.readableBytes();
        if (frameBytes < HEADER_PREFIX_BYTES) {
            return reject(ctx, "a " + frameBytes + "-byte request is too short for a request header");
        }
        short apiId = frame.getShort(frame.readerIndex());
        short version = frame.getShort(frame.readerIndex() + 2);
        ApiKey api = ApiKey.forId(apiId);
        if (api == null || !handlers.serves(api)) {
            return reject(ctx, "API key " + apiId + (api == null ? " is unknown" : " (" + api.apiName()
                    + ") is not served by this broker"));
        }
        boolean newerApiVersions = api == ApiKey.API_VERSIONS && version > api.highestVersion();
        boolean legacy = version >= api.advertisedLowestVersion() && version < api.lowestVersion();
        if (!newerApiVersions && !legacy && !api.isVersionSupported(version)) {
            return reject(ctx, api.apiName() + " v" + version + " is not supported (versions "
                    + api.lowestVersion() + " to " + api.highestVersion() + ")");
        }
        RequestHeader header;
        try {
            header = RequestHeader.read(frame, api.requestHeaderVersion(version));
        } catch (MalformedMessageException e) {
            return reject(ctx, "the " + api.apiName() + " v" + version + " request header does not decode: "
                    + e.getMessage());
        }
        RequestContext context = new RequestContext(api, version, header, ctx.channel().remoteAddress(), session);
        if (newerApiVersions) {
            // Kafka's rule: whatever the body of an unknown version holds, answer it as an empty v0 request.
            return new InboundRequest(context, new ApiVersionsRequest(), null, frame, frameBytes);
        }
        if (legacy) {
            return decodeLegacy(ctx, context, frame, frameBytes);
        }
        try {
            ApiMessage body = api.readRequest(frame, version);
            return new InboundRequest(context, body, null, frame, frameBytes);
        } catch (MalformedMessageException e) {
            logs.badRequest().warn("Undecodable " + context + ": " + e.getMessage());
            return new InboundRequest(context, null, e, frame, frameBytes);
        }
    }

    private InboundRequest decodeLegacy(ChannelHandlerContext ctx, RequestContext context, ByteBuf frame,
                                        int frameBytes) {
        ApiMessage body;
        try {
            body = handlers.handlerFor(context.apiKey()).readLegacyRequest(context, frame);
        } catch (MalformedMessageException e) {
            return reject(ctx, "the body of " + context + " does not decode: " + e.getMessage());
        }
        if (body == null) {
            return reject(ctx, context.apiKey().apiName() + " v" + context.apiVersion() + " is advertised but not "
                    + "answered (versions " + context.apiKey().lowestVersion() + " to "
                    + context.apiKey().highestVersion() + ")");
        }
        return new InboundRequest(context, body, null, frame, frameBytes);
    }

    private InboundRequest reject(ChannelHandlerContext ctx, String reason) {
        rejected = true;
        logs.badRequest().warn("Closing connection from " + ctx.channel().remoteAddress() + ": " + reason);
        ctx.close();
        return null;
    }
}
