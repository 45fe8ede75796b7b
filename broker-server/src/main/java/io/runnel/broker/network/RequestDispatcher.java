package io.runnel.broker.network;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.runnel.broker.metrics.RequestMetrics;
import io.runnel.broker.metrics.ResponseErrors;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiMessage;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection's request flow: hands each request to its API's handler, sends the responses in request order
 * even when a later one completes first, and limits what the connection may have in flight.
 *
 * <p>Every field is touched on the connection's event loop only; handler stages that complete elsewhere hop back
 * to it. A request counts against the in-flight limits from the moment it is decoded until its response has been
 * written to the socket (or, with no response, until it completes); past either limit the connection stops
 * reading, so a client that does not read its responses stops being read too.
 *
 * <p>Responses that complete while the requests of one socket read are dispatched are flushed once, when the read
 * completes: pipelined requests answered at once (acks=1 produce, most others) leave in one write system call.
 */
final class RequestDispatcher extends ChannelInboundHandlerAdapter {
    /** A request waiting for its turn to be answered. */
    private static final class Slot {
        final InboundRequest request;
        final long startNanos = System.nanoTime();
        Response response;
        boolean done;

        Slot(InboundRequest request) {
            this.request = request;
        }
    }

    private final NetworkLogs logs;
    private final long maxInFlightBytes;
    private final int maxInFlightRequests;
    private final ApiHandlers handlers;
    private final RequestMetrics requests;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private long inFlightBytes;
    private int inFlightRequests;
    private boolean paused;
    private boolean draining;
    /** A request's answer is to close the connection: nothing after it is served. */
    private boolean closing;
    private boolean closed;
    /** Between the first request of a socket read and its channelReadComplete: flushes wait for the latter. */
    private boolean reading;
    private boolean flushPending;

    RequestDispatcher(ApiHandlers handlers, NetworkSettings settings, NetworkLogs logs, RequestMetrics requests) {
        this.handlers = handlers;
        this.requests = requests;
        this.logs = logs;
        this.maxInFlightBytes = settings.maxInFlightBytes();
        this.maxInFlightRequests = settings.maxInFlightRequests();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundRequest request = (InboundRequest) msg;
        if (draining || closing || closed || !ctx.channel().isActive()) {
            // Closing: requests not yet taken on are dropped unanswered, as on any closed connection.
            request.release();
            return;
        }
        Slot slot = new Slot(request);
        pending.add(slot);
        acquire(request.frameBytes());
        reading = true;
        dispatch(slot);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    private void dispatch(Slot slot) {
        RequestContext context = slot.request.context();
        if (!mayServe(context)) {
            complete(slot, Response.closeConnection(), null);
            return;
        }
        ApiHandler handler = handlers.handlerFor(context.apiKey());
        if (slot.request.decodeError() != null) {
            Response error = errorResponse(handler, context, ErrorCode.INVALID_REQUEST);
            if (error == null) {
                // The API has no way to report it (the decoder has logged why): like Kafka, close.
                slot.request.release();
                ctx.close();
            } else {
                complete(slot, error, null);
            }
            return;
        }
        CompletionStage<Response> stage;
        try {
            stage = handler.handle(context, slot.request.body());
        } catch (RuntimeException e) {
            complete(slot, null, e);
            return;
        }
        if (stage == null) {
            complete(slot, null, new IllegalStateException("the handler returned no completion stage"));
            return;
        }
        stage.whenComplete((response, failure) -> {
            if (ctx.executor().inEventLoop()) {
                complete(slot, response, failure);
                return;
            }
            try {
                ctx.executor().execute(() -> complete(slot, response, failure));
            } catch (RejectedExecutionException stopped) {
                // The server has stopped and the connection is gone: only the request's buffers are left to free.
                slot.request.release();
                discard(response);
            }
        });
    }

    /**
     * Until a SASL connection has authenticated, and once its session has expired (KIP-368), only ApiVersions and the
     * SASL APIs are served; anything else closes the connection, as Kafka does.
     */
    private boolean mayServe(RequestContext context) {
        ApiKey api = context.apiKey();
        if (api == ApiKey.API_VERSIONS || api == ApiKey.SASL_HANDSHAKE || api == ApiKey.SASL_AUTHENTICATE) {
            return true;
        }
        ConnectionSession session = context.session();
        if (!session.isAuthenticated()) {
            logs.authentication().warn("Closing connection from " + ctx.channel().remoteAddress() + ": "
                    + api.apiName() + " before SASL authentication");
            return false;
        }
        if (session.isExpired(System.currentTimeMillis())) {
            logs.authentication().warn("Closing connection of " + session + ": its SASL session expired "
                    + "(connections.max.reauth.ms) before it re-authenticated");
            return false;
        }
        return true;
    }

    /** Records the outcome of one request and sends every response now at the head of the line. */
    private void complete(Slot slot, Response response, Throwable failure) {
        slot.request.release();
        short api = slot.request.context().apiKey() == null ? -1 : slot.request.context().apiKey().id();
        requests.completed(api, System.nanoTime() - slot.startNanos);
        if (closed || closing) {
            discard(response);
            return;
        }
        if (failure != null || response == null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            logs.handlerFailure().warn("Handling " + slot.request.context() + " failed", cause == null
                    ? new IllegalStateException("the handler completed without a response") : cause);
            response = errorResponse(handlers.handlerFor(slot.request.context().apiKey()),
                    slot.request.context(), ErrorCode.UNKNOWN_SERVER_ERROR);
            if (response == null) {
                requests.error(api, ErrorCode.UNKNOWN_SERVER_ERROR.code());
            }
        }
        if (response != null && !response.isNone() && !response.closesConnection()) {
            ResponseErrors.count(api, response.body(), requests);
        }
        if (response == null) {
            // The API has no way to report the error: like Kafka, give up on the connection.
            ctx.close();
            return;
        }
        slot.response = response;
        slot.done = true;
        writeReady();
    }

    /** The handler's error response, or null (close the connection) when it has none or fails to build one. */
    private Response errorResponse(ApiHandler handler, RequestContext context, ErrorCode error) {
        ApiMessage body;
        try {
            body = handler.errorResponse(context, error);
        } catch (RuntimeException e) {
            logs.handlerFailure().warn("Building the " + error + " response to " + context + " failed", e);
            return null;
        }
        return body == null ? null : Response.of(body);
    }

    private void writeReady() {
        boolean wrote = false;
        Slot head;
        while ((head = pending.peek()) != null && head.done) {
            pending.poll();
            int bytes = head.request.frameBytes();
            if (head.response.isNone()) {
                release(bytes);
                continue;
            }
            if (head.response.closesConnection()) {
                closeAfterWrites(head.request.context());
                release(bytes);
                return;
            }
            RequestContext context = head.request.context();
            ChannelFuture written = ctx.write(OutboundResponse.of(context, head.response));
            written.addListener(f -> {
                if (!f.isSuccess()) {
                    sendFailed(context, f.cause());
                }
                release(bytes);
            });
            wrote = true;
            if (head.response.closesAfterWrite()) {
                closeAfterWrites(context);
                return;
            }
        }
        if (wrote) {
            if (reading) {
                flushPending = true;
            } else {
                ctx.flush();
            }
        }
    }

    /** Frees a response that will never be written: a zero-copy body holds file data. */
    private static void discard(Response response) {
        if (response != null && !response.isNone()) {
            ReferenceCountUtil.release(response.body());
        }
    }

    /** Closes the connection once the responses already written have left; nothing after this request is served. */
    private void closeAfterWrites(RequestContext context) {
        logs.debug().debug("Closing the connection from {} instead of answering {}", ctx.channel().remoteAddress(),
                context);
        closing = true;
        ctx.channel().config().setAutoRead(false);
        // An empty write completes after every earlier one, so the responses before this request are sent first.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void sendFailed(RequestContext context, Throwable cause) {
        if (cause instanceof EncoderException) {
            // The handler built a response that cannot be encoded: a broker bug the client would wait on forever.
            logs.handlerFailure().warn("The response to " + context + " cannot be encoded; closing the connection",
                    cause);
        } else {
            logs.debug().debug("Cannot send the response to {}: {}", context, cause.toString());
        }
        ctx.close();
    }

    private void acquire(int bytes) {
        inFlightBytes += bytes;
        inFlightRequests++;
        if (!paused && (inFlightBytes > maxInFlightBytes || inFlightRequests >= maxInFlightRequests)) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            logs.debug().debug("Pausing reads from {}: {} requests, {} bytes in flight",
                    ctx.channel().remoteAddress(), inFlightRequests, inFlightBytes);
        }
    }

    private void release(int bytes) {
        inFlightBytes -= bytes;
        inFlightRequests--;
        if (closed || closing) {
            return;
        }
        if (draining) {
            finishDrainIfIdle();
        } else if (paused && inFlightBytes <= maxInFlightBytes && inFlightRequests < maxInFlightRequests) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * Stops reading this connection and closes it once every request already taken on has been answered. Must run
     * on the connection's event loop.
     */
    void drain() {
        if (draining || closing || closed) {
            return;
        }
        draining = true;
        ctx.channel().config().setAutoRead(false);
        finishDrainIfIdle();
    }

    private void finishDrainIfIdle() {
        if (pending.isEmpty() && inFlightRequests == 0) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        // Completed requests were released already; the others release when their handlers complete.
        for (Slot slot : pending) {
            if (slot.done) {
                discard(slot.response);
            }
        }
        pending.clear();
        logs.debug().debug("Connection from {} closed", ctx.channel().remoteAddress());
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (pending.isEmpty() && inFlightRequests == 0) {
                logs.debug().debug("Closing idle connection from {}", ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tls = cause instanceof DecoderException && cause.getCause() instanceof SSLException
                ? cause.getCause() : cause;
        if (tls instanceof SSLException) {
            logs.authentication().warn("Closing connection from " + ctx.channel().remoteAddress()
                    + ": TLS failed: " + tls.getMessage());
        } else if (cause instanceof IOException) {
            logs.debug().debug("I/O error on connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            logs.connectionError().warn("Closing connection from " + ctx.channel().remoteAddress()
                    + " after an unexpected error", cause);
        }
        ctx.close();
    }
}
