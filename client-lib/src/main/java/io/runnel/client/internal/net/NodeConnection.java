package io.runnel.client.internal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.ApiErrorException;
import io.runnel.client.AuthenticationException;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.client.RunnelTimeoutException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.ErrorCode;
import io.runnel.protocol.message.ApiVersionsRequest;
import io.runnel.protocol.message.ApiVersionsResponse;
import io.runnel.protocol.message.SaslAuthenticateRequest;
import io.runnel.protocol.message.SaslAuthenticateResponse;
import io.runnel.protocol.message.SaslHandshakeRequest;
import io.runnel.protocol.message.SaslHandshakeResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The connection to one broker node, opened on demand. States: DISCONNECTED → CONNECTING (TCP connect, then the
 * ApiVersions exchange) → READY → DISCONNECTED when it closes, and CLOSED for good when the node leaves the cluster
 * or the client closes.
 *
 * <p>Requests submitted before READY queue here, in order, and go to the {@link InFlightHandler} once the broker's
 * version ranges are known, each at its negotiated version. A connection that fails before READY fails every queued
 * request with a {@link BrokerUnavailableException} naming the address (or hands it to its fallback, see
 * {@link PendingRequest#unsentFallback}); after a failure the next attempt waits for the {@link ReconnectBackoff}.
 * The ApiVersions request goes out at the highest version this client knows; a broker that answers
 * UNSUPPORTED_VERSION is asked again at the highest version it advertised.
 *
 * <p>Thread rules: every method except {@link #negotiatedVersion} runs on the network's event loop; the negotiated
 * table is published through a volatile field so other threads may read it.
 */
final class NodeConnection {
    private static final Logger LOG = LoggerFactory.getLogger(NodeConnection.class);
    private static final String SOFTWARE_NAME = "runnel-java";
    private static final String SOFTWARE_VERSION = softwareVersion();

    enum State { DISCONNECTED, CONNECTING, READY, CLOSED }

    private final int nodeId;
    private final InetSocketAddress address;
    /** host:port, for messages. */
    private final String where;
    private final Bootstrap bootstrap;
    private final ClientNetworkConfig config;
    private final LongSupplier nanoClock;
    private final ReconnectBackoff backoff;
    private final ArrayDeque<PendingRequest> unsent = new ArrayDeque<>();

    private State state = State.DISCONNECTED;
    private Channel channel;
    private InFlightHandler handler;
    private volatile ApiVersionTable versions;
    private ScheduledFuture<?> scheduledConnect;
    private RunnelException lastFailure;
    private long lastWarnNanos;
    private boolean warned;

    NodeConnection(int nodeId, InetSocketAddress address, Bootstrap bootstrap, ClientNetworkConfig config,
                   LongSupplier nanoClock, ReconnectBackoff backoff) {
        this.nodeId = nodeId;
        this.address = address;
        this.where = hostPort(address);
        this.bootstrap = bootstrap;
        this.config = config;
        this.nanoClock = nanoClock;
        this.backoff = backoff;
    }

    int nodeId() {
        return nodeId;
    }

    InetSocketAddress address() {
        return address;
    }

    State state() {
        return state;
    }

    /** Whether a connection attempt would start now (not connected and not waiting out a backoff). */
    boolean inBackoff() {
        return state == State.DISCONNECTED && !backoff.canAttempt(nanoClock.getAsLong());
    }

    /** Whether a request submitted now would be written at once. */
    boolean isReady() {
        return state == State.READY && handler.hasFreeSlot();
    }

    /** Requests queued here or held by the handler. */
    int outstanding() {
        return unsent.size() + (handler == null ? 0 : handler.outstanding());
    }

    /** The version {@code api} would go out at, -1 until the broker's ranges are known. Any thread. */
    short negotiatedVersion(ApiKey api) {
        ApiVersionTable table = versions;
        return table == null ? -1 : table.negotiate(api, (short) -1);
    }

    /** Sends {@code request} once connected, connecting first if needed. */
    void submit(PendingRequest request) {
        switch (state) {
            case READY -> dispatch(request);
            case CONNECTING -> unsent.addLast(request);
            case DISCONNECTED -> {
                unsent.addLast(request);
                connectWhenAllowed();
            }
            case CLOSED -> request.fail(lastFailure != null ? lastFailure
                    : new BrokerUnavailableException(address, "connection to node " + nodeId + " at " + where
                    + " is closed", null));
        }
    }

    private void dispatch(PendingRequest request) {
        short version = versions.negotiate(request.api, request.maxVersion);
        if (version < 0) {
            request.fail(new ApiErrorException(ErrorCode.UNSUPPORTED_VERSION, "broker " + where + " (node "
                    + nodeId + ") offers " + request.api.apiName() + " versions " + versions.describe(request.api)
                    + ", none of which this client speaks (" + request.api.lowestVersion() + "-"
                    + request.api.highestVersion() + (request.maxVersion >= 0 ? ", capped at " + request.maxVersion
                    : "") + ")"));
            return;
        }
        request.version = version;
        handler.submit(request);
    }

    private void connectWhenAllowed() {
        long wait = backoff.remainingNanos(nanoClock.getAsLong());
        if (wait == 0) {
            connect();
        } else if (scheduledConnect == null) {
            scheduledConnect = bootstrap.config().group().next().schedule(() -> {
                scheduledConnect = null;
                if (state == State.DISCONNECTED && !unsent.isEmpty()) {
                    connect();
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void connect() {
        state = State.CONNECTING;
        InFlightHandler newHandler = new InFlightHandler(address, config.clientId(), config.maxInFlight());
        handler = newHandler;
        LOG.debug("connecting to node {} at {}", nodeId, where);
        ChannelFuture connected = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (config.security().tls() != null) {
                    ch.pipeline().addLast("tls", config.security().tls().newHandler(ch.alloc(),
                            address.getHostString(), address.getPort()));
                }
                ch.pipeline().addLast(new ResponseFrameDecoder(config.maxResponseBytes()), newHandler);
            }
        }).connect(address);
        Channel ch = connected.channel();
        channel = ch;
        ch.closeFuture().addListener(closed -> onClosed(ch, newHandler, connected));
        connected.addListener((ChannelFuture done) -> {
            if (ch != channel) {
                return;
            }
            if (done.isSuccess()) {
                negotiate(ApiKey.API_VERSIONS.highestVersion());
            } else {
                ch.close();
            }
        });
    }

    private void negotiate(short version) {
        InFlightHandler current = handler;
        CompletableFuture<Object> answer = new CompletableFuture<>();
        PendingRequest request = new PendingRequest(ApiKey.API_VERSIONS, new ApiVersionsRequest()
                .clientSoftwareName(SOFTWARE_NAME).clientSoftwareVersion(SOFTWARE_VERSION), version, true, false,
                nanoClock.getAsLong(), config.requestTimeout().toMillis(), answer);
        request.version = version;
        answer.whenComplete((response, failure) -> onApiVersions(current, version, response, failure));
        current.submit(request);
    }

    private void onApiVersions(InFlightHandler from, short sentVersion, Object response, Throwable failure) {
        if (from != handler || state != State.CONNECTING) {
            return;
        }
        if (failure != null) {
            from.closeWith(new BrokerUnavailableException(address, "ApiVersions handshake with node " + nodeId
                    + " at " + where + " failed: " + failure.getMessage(), failure));
            return;
        }
        ApiVersionsResponse answer = (ApiVersionsResponse) response;
        ErrorCode error = ErrorCode.forCode(answer.errorCode());
        ApiVersionTable table = ApiVersionTable.of(answer);
        if (error == ErrorCode.UNSUPPORTED_VERSION && sentVersion > 0) {
            short retry = (short) Math.min(sentVersion - 1, table.brokerMax(ApiKey.API_VERSIONS));
            if (retry >= 0) {
                negotiate(retry);
                return;
            }
        }
        if (error != ErrorCode.NONE) {
            from.closeWith(new BrokerUnavailableException(address, "node " + nodeId + " at " + where
                    + " answered ApiVersions v" + sentVersion + " with " + error, null));
            return;
        }
        versions = table;
        if (config.security().usesSasl()) {
            authenticate(from);
            return;
        }
        ready();
    }

    /** SaslHandshake v1 with the configured mechanism, then SaslAuthenticate until the exchange completes. */
    private void authenticate(InFlightHandler from) {
        ConnectionSecurity security = config.security();
        SaslClientExchange exchange = new SaslClientExchange(security.mechanism(), security.user(),
                security.password());
        CompletableFuture<Object> answer = new CompletableFuture<>();
        PendingRequest handshake = new PendingRequest(ApiKey.SASL_HANDSHAKE,
                new SaslHandshakeRequest().mechanism(security.mechanism()), (short) 1, true, false,
                nanoClock.getAsLong(), config.requestTimeout().toMillis(), answer);
        handshake.version = 1;
        answer.whenComplete((response, failure) -> {
            if (from != handler || state != State.CONNECTING) {
                return;
            }
            if (failure != null) {
                from.closeWith(new BrokerUnavailableException(address, "SaslHandshake with node " + nodeId + " at "
                        + where + " failed: " + failure.getMessage(), failure));
                return;
            }
            SaslHandshakeResponse handshakeResponse = (SaslHandshakeResponse) response;
            ErrorCode error = ErrorCode.forCode(handshakeResponse.errorCode());
            if (error != ErrorCode.NONE) {
                from.closeWith(new AuthenticationException("node " + nodeId + " at " + where + " refused SASL "
                        + security.mechanism() + ": " + error + " (it offers " + handshakeResponse.mechanisms()
                        + ")"));
                return;
            }
            sendSaslToken(from, exchange, exchange.first());
        });
        from.submit(handshake);
    }

    private void sendSaslToken(InFlightHandler from, SaslClientExchange exchange, byte[] token) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        short version = (short) Math.min(2, versions.brokerMax(ApiKey.SASL_AUTHENTICATE));
        PendingRequest request = new PendingRequest(ApiKey.SASL_AUTHENTICATE,
                new SaslAuthenticateRequest().authBytes(token), version, true, false, nanoClock.getAsLong(),
                config.requestTimeout().toMillis(), answer);
        request.version = version;
        answer.whenComplete((response, failure) -> {
            if (from != handler || state != State.CONNECTING) {
                return;
            }
            if (failure != null) {
                from.closeWith(new BrokerUnavailableException(address, "SASL authentication with node " + nodeId
                        + " at " + where + " failed: " + failure.getMessage(), failure));
                return;
            }
            SaslAuthenticateResponse authenticate = (SaslAuthenticateResponse) response;
            ErrorCode error = ErrorCode.forCode(authenticate.errorCode());
            if (error != ErrorCode.NONE) {
                from.closeWith(new AuthenticationException("node " + nodeId + " at " + where + " refused "
                        + config.security().mechanism() + " authentication as " + config.security().user() + ": "
                        + (authenticate.errorMessage() != null ? authenticate.errorMessage() : error.toString())));
                return;
            }
            byte[] next;
            try {
                next = exchange.next(authenticate.authBytes());
            } catch (RuntimeException e) {
                from.closeWith(new AuthenticationException("SASL authentication with node " + nodeId + " at "
                        + where + " failed: " + e.getMessage(), e));
                return;
            }
            if (next != null) {
                sendSaslToken(from, exchange, next);
            } else {
                ready();
            }
        });
        from.submit(request);
    }

    private void ready() {
        state = State.READY;
        backoff.recordSuccess();
        lastFailure = null;
        LOG.debug("connected to node {} at {}", nodeId, where);
        PendingRequest request;
        while (state == State.READY && (request = unsent.pollFirst()) != null) {
            dispatch(request);
        }
    }

    private void onClosed(Channel ch, InFlightHandler closedHandler, ChannelFuture connected) {
        if (ch != channel) {
            return;
        }
        RunnelException cause = closedHandler.closeCauseOrNull();
        if (cause == null) {
            Throwable connectFailure = connected.isDone() ? connected.cause() : null;
            cause = new BrokerUnavailableException(address, connectFailure != null
                    ? "cannot connect to node " + nodeId + " at " + where + ": " + connectFailure.getMessage()
                    : "connection to node " + nodeId + " at " + where + " closed", connectFailure);
        }
        if (closedHandler.protocolViolation()) {
            warnRateLimited(cause);
        }
        lastFailure = cause;
        channel = null;
        handler = null;
        versions = null;
        if (state != State.CLOSED) {
            state = State.DISCONNECTED;
            long waitMs = backoff.recordFailure(nanoClock.getAsLong());
            LOG.debug("connection to node {} at {} lost ({}); next attempt in {} ms", nodeId, where,
                    cause.getMessage(), waitMs);
        }
        BrokerUnavailableException unavailable = cause instanceof BrokerUnavailableException b ? b
                : new BrokerUnavailableException(address, cause.getMessage(), cause);
        PendingRequest request;
        while ((request = unsent.pollFirst()) != null) {
            request.failUnsent(unavailable);
        }
    }

    /** A broker that breaks the protocol is worth a WARN, but at most one per node every 30 s. */
    private void warnRateLimited(RunnelException cause) {
        long now = nanoClock.getAsLong();
        if (!warned || now - lastWarnNanos >= TimeUnit.SECONDS.toNanos(30)) {
            warned = true;
            lastWarnNanos = now;
            LOG.warn("{}", cause.getMessage());
        }
    }

    /** Fails requests past their deadline: queued ones here, and through the handler those sent. */
    void expire(long nowNanos) {
        for (Iterator<PendingRequest> it = unsent.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.isExpired(nowNanos)) {
                it.remove();
                request.fail(new RunnelTimeoutException(request.describe() + " request to node " + nodeId + " at "
                        + where + " was not sent within " + request.timeoutMs + " ms: not connected"
                        + (lastFailure != null ? " (" + lastFailure.getMessage() + ")" : "")));
            }
        }
        if (handler != null) {
            handler.expire(nowNanos);
        }
    }

    /** Closes the connection for good; everything it holds fails with {@code cause}. */
    void close(RunnelException cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        lastFailure = cause;
        if (scheduledConnect != null) {
            scheduledConnect.cancel(false);
            scheduledConnect = null;
        }
        PendingRequest request;
        while ((request = unsent.pollFirst()) != null) {
            request.fail(cause);
        }
        if (handler != null) {
            handler.closeWith(cause);
        }
        if (channel != null) {
            channel.close();
        }
    }

    /** {@code host:port} without the resolved-address noise of {@link InetSocketAddress#toString()}. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String softwareVersion() {
        String version = NodeConnection.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version.replaceAll("[^a-zA-Z0-9.-]", "-");
    }
}
