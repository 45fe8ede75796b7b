package io.runnel.client.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.runnel.client.AuthenticationException;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.MalformedMessageException;
import io.runnel.protocol.message.ApiMessage;
import io.runnel.protocol.message.RequestHeader;
import io.runnel.protocol.message.ResponseHeader;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Pipelines requests on one connection and matches responses to them. {@link #submit} gives each request the next
 * correlation id, encodes header and body into one size-prefixed frame and writes it, as long as fewer than
 * {@code maxInFlight} requests await a response; the rest wait in submission order and go out as responses come
 * back. A request that expects no response (an acks=0 Produce) completes once written and never counts as in flight.
 *
 * <p>Kafka brokers answer in request order, so every response frame must carry the correlation id of the oldest
 * request in flight; anything else means the stream is out of step, and the connection is closed. When the
 * connection closes, for whatever reason, every request in flight or waiting fails with the
 * {@link BrokerUnavailableException} that says why (naming the address). {@link #expire} enforces deadlines: a
 * waiting request past its deadline fails alone; an in-flight one fails with a {@link RunnelTimeoutException} and
 * closes the connection, since a response still owed would block every later one.
 *
 * <p>Thread rules: every method runs on the channel's event loop. Futures complete on it.
 */
final class InFlightHandler extends ChannelDuplexHandler {
    private static final int INITIAL_FRAME_CAPACITY = 256;

    private final InetSocketAddress address;
    /** host:port, for messages. */
    private final String where;
    private final String clientId;
    private final int maxInFlight;
    private final ArrayDeque<PendingRequest> inFlight = new ArrayDeque<>();
    private final ArrayDeque<PendingRequest> waiting = new ArrayDeque<>();
    private final RequestHeader header = new RequestHeader();

    private ChannelHandlerContext ctx;
    private int nextCorrelationId;
    private RunnelException closeCause;
    private boolean closed;
    private boolean protocolViolation;

    InFlightHandler(InetSocketAddress address, String clientId, int maxInFlight) {
        this.address = address;
        this.where = NodeConnection.hostPort(address);
        this.clientId = clientId;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Sends {@code request} now if an in-flight slot is free, else queues it behind the others. */
    void submit(PendingRequest request) {
        if (closed) {
            request.fail(closeCause());
            return;
        }
        if (inFlight.size() < maxInFlight && waiting.isEmpty()) {
            transmit(request);
            ctx.flush();
        } else {
            waiting.addLast(request);
        }
    }

    /** Requests in flight plus those waiting for a slot. */
    int outstanding() {
        return inFlight.size() + waiting.size();
    }

    /** Whether a submitted request would be written at once. */
    boolean hasFreeSlot() {
        return !closed && inFlight.size() < maxInFlight && waiting.isEmpty();
    }

    /** Whether the broker broke the framing or the response order (as opposed to a plain disconnect). */
    boolean protocolViolation() {
        return protocolViolation;
    }

    /** Why the connection closed, or null while it is open. */
    RunnelException closeCauseOrNull() {
        return closed ? closeCause() : null;
    }

    private void transmit(PendingRequest request) {
        int correlationId = nextCorrelationId;
        nextCorrelationId = nextCorrelationId == Integer.MAX_VALUE ? 0 : nextCorrelationId + 1;
        request.correlationId = correlationId;
        ByteBuf frame = ctx.alloc().buffer(INITIAL_FRAME_CAPACITY);
        try {
            frame.writeInt(0);
            header.requestApiKey(request.api.id()).requestApiVersion(request.version).correlationId(correlationId)
                    .clientId(clientId).write(frame, request.api.requestHeaderVersion(request.version));
            request.body.write(frame, request.version);
            frame.setInt(0, frame.writerIndex() - 4);
        } catch (RuntimeException e) {
            frame.release();
            request.fail(new RunnelException("cannot encode " + request.describe() + " request for " + where
                    + ": " + e.getMessage(), e));
            return;
        }
        if (request.expectsResponse) {
            inFlight.addLast(request);
            ctx.write(frame, ctx.voidPromise());
        } else {
            ctx.write(frame).addListener((ChannelFuture written) -> {
                if (written.isSuccess()) {
                    request.future.complete(null);
                } else {
                    request.fail(new BrokerUnavailableException(address, "cannot write " + request.describe()
                            + " request to " + where + ": " + written.cause(), written.cause()));
                }
            });
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean releaseFrame = true;
        try {
            int correlationId = frame.getInt(frame.readerIndex());
            PendingRequest request = inFlight.peekFirst();
            if (request == null) {
                protocolViolation = true;
                closeWith(new BrokerUnavailableException(address, "broker " + where + " sent a response with "
                        + "correlation id " + correlationId + " but no request is in flight; closing the connection",
                        null));
                return;
            }
            if (request.correlationId != correlationId) {
                protocolViolation = true;
                closeWith(new BrokerUnavailableException(address, "broker " + where + " sent a response with "
                        + "correlation id " + correlationId + " while the oldest request in flight ("
                        + request.describe() + ") has " + request.correlationId + "; closing the connection", null));
                return;
            }
            inFlight.pollFirst();
            releaseFrame = !complete(request, frame);
        } finally {
            if (releaseFrame) {
                frame.release();
            }
            if (!closed) {
                promoteWaiting();
            }
        }
    }

    /** Decodes the response into the request's future; true when the future now owns the frame. */
    private boolean complete(PendingRequest request, ByteBuf frame) {
        ApiKey api = request.api;
        try {
            ResponseHeader.read(frame, api.responseHeaderVersion(request.version));
            if (request.retainFrame) {
                ApiMessage response = decodeBody(request, frame);
                return request.future.complete(new ResponseFrame<>(response, frame));
            }
            if (api == ApiKey.FETCH) {
                // A Fetch response's records are slices of what they were read from: copy the body to the heap,
                // so the response stays valid after the pooled frame is released.
                ByteBuf copy = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(frame));
                request.future.complete(decodeBody(request, copy));
            } else {
                request.future.complete(decodeBody(request, frame));
            }
        } catch (MalformedMessageException | IndexOutOfBoundsException | IllegalArgumentException e) {
            request.fail(new RunnelException("undecodable " + request.describe() + " response from " + where
                    + ": " + e.getMessage(), e));
        }
        return false;
    }

    private static ApiMessage decodeBody(PendingRequest request, ByteBuf body) {
        short version = request.version;
        // A broker that does not know our ApiVersions version answers UNSUPPORTED_VERSION in the v0 format.
        if (request.api == ApiKey.API_VERSIONS && version > 0 && body.readableBytes() >= 2
                && body.getShort(body.readerIndex()) == ErrorCode.UNSUPPORTED_VERSION.code()) {
            version = 0;
        }
        return request.api.readResponse(body, version);
    }

    private void promoteWaiting() {
        boolean wrote = false;
        while (inFlight.size() < maxInFlight && !waiting.isEmpty()) {
            transmit(waiting.pollFirst());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /**
     * Fails every request whose deadline has passed: waiting ones alone; an in-flight one closes the connection.
     *
     * @param nowNanos the current {@link System#nanoTime()} (injected so tests control time)
     */
    void expire(long nowNanos) {
        if (closed) {
            return;
        }
        for (Iterator<PendingRequest> it = waiting.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.isExpired(nowNanos)) {
                it.remove();
                request.fail(new RunnelTimeoutException(request.describe() + " request to " + where
                        + " was not sent within " + request.timeoutMs + " ms: " + maxInFlight
                        + " requests were in flight"));
            }
        }
        for (Iterator<PendingRequest> it = inFlight.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.isExpired(nowNanos)) {
                it.remove();
                request.fail(new RunnelTimeoutException(request.describe() + " request to " + where
                        + " got no response within " + request.timeoutMs + " ms"));
                closeWith(new BrokerUnavailableException(address, "connection to " + where + " closed because a "
                        + request.describe() + " request timed out after " + request.timeoutMs + " ms", null));
                return;
            }
        }
    }

    /** Closes the connection; the requests it still holds fail with {@code cause}. */
    void closeWith(RunnelException cause) {
        if (closeCause == null) {
            closeCause = cause;
        }
        failAll();
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tls = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (tls instanceof javax.net.ssl.SSLException) {
            // Not the broker's fault nor passing: its certificate is not trusted, or it refused ours.
            closeWith(new AuthenticationException("TLS with " + where + " failed: " + tls.getMessage(), tls));
            return;
        }
        protocolViolation |= cause instanceof io.netty.handler.codec.DecoderException;
        closeWith(new BrokerUnavailableException(address, "connection to " + where + " failed: " + cause, cause));
    }

    /** A failed TLS handshake closes the channel without an exception reaching this handler: report it here. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.handler.ssl.SslHandshakeCompletionEvent completion && !completion.isSuccess()) {
            closeWith(new AuthenticationException("TLS with " + where + " failed: "
                    + completion.cause().getMessage(), completion.cause()));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll();
        ctx.fireChannelInactive();
    }

    private void failAll() {
        closed = true;
        RunnelException cause = closeCause();
        PendingRequest request;
        while ((request = inFlight.pollFirst()) != null) {
            request.fail(cause);
        }
        while ((request = waiting.pollFirst()) != null) {
            request.fail(cause);
        }
    }

    private RunnelException closeCause() {
        if (closeCause == null) {
            closeCause = new BrokerUnavailableException(address, "connection to " + where
                    + " was closed by the broker", null);
        }
        return closeCause;
    }
}
