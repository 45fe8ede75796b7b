package io.runnel.client.internal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.runnel.client.BrokerUnavailableException;
import io.runnel.client.RunnelException;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.message.ApiMessage;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The network layer one client instance (a producer, a consumer or an admin client) shares: one Netty event loop
 * thread (epoll when available, else NIO), one connection per broker node, requests pipelined on it.
 *
 * <ul>
 *   <li>Each connection starts with ApiVersions; every request then goes out at the highest version both sides
 *       support, capped by the caller's {@code maxVersion} when it is {@code >= 0}.</li>
 *   <li>At most {@code maxInFlight} requests await a response per connection; the rest queue in order.</li>
 *   <li>A request that gets no response within its timeout fails with {@code RunnelTimeoutException}; its
 *       connection is closed, as the responses behind it can no longer arrive in order.</li>
 *   <li>A connection that fails or closes fails every request it holds with a {@link BrokerUnavailableException}
 *       naming the address; the next request to that node reconnects after an exponential backoff with jitter.</li>
 *   <li>Node ids below 0 are the bootstrap addresses (-1 the first); others are the brokers of the latest
 *       {@link #updateNodes} call, reached at the addresses Metadata returned.</li>
 * </ul>
 *
 * <p>Thread rules: every public method may be called from any thread. All connection state lives on
 * {@link #eventLoop()}, and every future this class returns completes on it: callbacks attached to them must not
 * block. Methods documented "event loop only" must be called from it.
 */
public final class ClientNetwork implements AutoCloseable {
    private static final long TICK_MS = 50;

    private final ClientNetworkConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final NodeRegistry registry;
    private final LongSupplier clock = System::nanoTime;
    private final ScheduledFuture<?> ticker;
    private volatile boolean closed;

    /** Starts the event loop thread; connections open on first use. */
    public ClientNetwork(ClientNetworkConfig config) {
        this.config = config;
        ClientTransport transport = ClientTransport.best();
        this.group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("runnel-client-io-" + config.clientId(), true), transport.ioHandlerFactory());
        this.loop = group.next();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()));
        long backoffMs = config.reconnectBackoff().toMillis();
        long backoffMaxMs = config.reconnectBackoffMax().toMillis();
        this.registry = new NodeRegistry(config.bootstrap(), (id, address) -> new NodeConnection(id, address,
                bootstrap, config, clock, new ReconnectBackoff(backoffMs, backoffMaxMs,
                () -> ThreadLocalRandom.current().nextDouble())));
        this.ticker = loop.scheduleAtFixedRate(() -> registry.expire(clock.getAsLong()), TICK_MS, TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    /** The configuration this network was built with. */
    public ClientNetworkConfig config() {
        return config;
    }

    /** The one thread all connection state lives on and all futures complete on. */
    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Sends {@code request} to node {@code nodeId} (negative: a bootstrap address) with the configured request
     * timeout.
     *
     * @param maxVersion highest version to use, or -1 for the highest both sides support
     * @return the response; completes exceptionally with a {@link RunnelException} subclass:
     *         {@link BrokerUnavailableException}, {@code RunnelTimeoutException}, or an {@code ApiErrorException}
     *         with UNSUPPORTED_VERSION when no common version exists. Broker error codes inside the response are the
     *         caller's to read.
     */
    public <R extends ApiMessage> CompletableFuture<R> send(int nodeId, ApiMessage request, short maxVersion) {
        return send(nodeId, request, maxVersion, config.requestTimeout().toMillis());
    }

    /**
     * As {@link #send(int, ApiMessage, short)} with its own timeout, counted from this call (for requests the broker
     * may hold, such as a JoinGroup or a long-polling Fetch, whose timeout must exceed that wait).
     */
    public <R extends ApiMessage> CompletableFuture<R> send(int nodeId, ApiMessage request, short maxVersion,
                                                            long timeoutMs) {
        PendingRequest pending = newRequest(request, maxVersion, true, false, timeoutMs);
        onLoop(pending, () -> submitTo(nodeId, pending));
        return cast(pending.future);
    }

    /**
     * Sends a request whose response keeps pointing into the received frame (a Fetch, whose records are then read
     * without a copy). The caller owns the {@link ResponseFrame} and must close it.
     */
    public <R extends ApiMessage> CompletableFuture<ResponseFrame<R>> sendRetained(int nodeId, ApiMessage request,
                                                                                  short maxVersion, long timeoutMs) {
        PendingRequest pending = newRequest(request, maxVersion, true, true, timeoutMs);
        onLoop(pending, () -> submitTo(nodeId, pending));
        return cast(pending.future);
    }

    /**
     * Sends a request the broker does not answer (a Produce with acks=0). Completes once the request is written to
     * the socket.
     */
    public CompletableFuture<Void> sendNoResponse(int nodeId, ApiMessage request, short maxVersion) {
        PendingRequest pending = newRequest(request, maxVersion, false, false, config.requestTimeout().toMillis());
        onLoop(pending, () -> submitTo(nodeId, pending));
        return cast(pending.future);
    }

    /**
     * Sends to the least loaded connected node, else one that is connecting, else the next node that may connect
     * (brokers from metadata, then the bootstrap addresses in turn). When a node cannot be connected to, the request
     * moves on to the next one; it fails with {@link BrokerUnavailableException} only when none could be reached.
     */
    public <R extends ApiMessage> CompletableFuture<R> sendToAny(ApiMessage request, short maxVersion) {
        return sendToAny(request, maxVersion, config.requestTimeout().toMillis());
    }

    /** As {@link #sendToAny(ApiMessage, short)} with its own timeout. */
    public <R extends ApiMessage> CompletableFuture<R> sendToAny(ApiMessage request, short maxVersion,
                                                                 long timeoutMs) {
        PendingRequest pending = newRequest(request, maxVersion, true, false, timeoutMs);
        onLoop(pending, () -> submitToAny(pending, new HashSet<>(), new ArrayList<>()));
        return cast(pending.future);
    }

    /** The version {@code api} goes to {@code nodeId} at (uncapped); -1 until that node's connection is ready. */
    public short negotiatedVersion(int nodeId, ApiKey api) {
        NodeConnection connection = registry.existing(nodeId);
        return connection == null ? -1 : connection.negotiatedVersion(api);
    }

    /**
     * Whether a request to {@code nodeId} would be written at once: connected, versions known, a free in-flight
     * slot. Event loop only.
     */
    public boolean isReady(int nodeId) {
        NodeConnection connection = registry.existing(nodeId);
        return connection != null && connection.isReady();
    }

    /** Replaces the broker ids and addresses (from a Metadata response); connections to departed brokers close. */
    public void updateNodes(Map<Integer, InetSocketAddress> nodes) {
        Map<Integer, InetSocketAddress> copy = Map.copyOf(nodes);
        execute(() -> registry.update(copy));
    }

    /**
     * Closes every connection (their requests fail with a {@link RunnelException} saying the client closed) and
     * stops the event loop thread, waiting for it unless called from it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RunnelException cause = new RunnelException("client " + config.clientId() + " is closed");
        Runnable shutdown = () -> {
            ticker.cancel(false);
            registry.closeAll(cause);
        };
        if (loop.inEventLoop()) {
            shutdown.run();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            return;
        }
        try {
            loop.submit(shutdown).awaitUninterruptibly(config.requestTimeout().toMillis());
        } catch (RejectedExecutionException e) {
            // The loop already stopped: nothing left on it to close.
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private PendingRequest newRequest(ApiMessage request, short maxVersion, boolean expectsResponse,
                                      boolean retainFrame, long timeoutMs) {
        ApiKey api = ApiKey.forId(request.apiKey());
        if (api == null) {
            throw new IllegalArgumentException("API key " + request.apiKey() + " of " + request.getClass()
                    .getSimpleName() + " is not one this client speaks");
        }
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("request timeout must be positive, not " + timeoutMs + " ms");
        }
        return new PendingRequest(api, request, maxVersion, expectsResponse, retainFrame, clock.getAsLong(),
                timeoutMs, new CompletableFuture<>());
    }

    private void onLoop(PendingRequest pending, Runnable task) {
        if (closed) {
            pending.fail(new RunnelException("client " + config.clientId() + " is closed"));
            return;
        }
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            pending.fail(new RunnelException("client " + config.clientId() + " is closed", e));
        }
    }

    /**
     * Runs {@code task} on the event loop (at once when called from it). Once the network is closed the task is
     * dropped: it would only have touched state that no longer matters.
     */
    public void execute(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else if (!closed) {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                // Closing: the update no longer matters.
            }
        }
    }

    private void submitTo(int nodeId, PendingRequest pending) {
        NodeConnection connection = registry.connection(nodeId);
        if (connection == null) {
            pending.fail(new BrokerUnavailableException(null, "node " + nodeId + " is not in the cluster metadata"
                    + " (known brokers: " + registry.brokers().keySet() + ")", null));
            return;
        }
        connection.submit(pending);
    }

    private void submitToAny(PendingRequest pending, Set<Integer> tried, List<BrokerUnavailableException> failures) {
        if (closed || pending.future.isDone()) {
            return;
        }
        for (int id : registry.anyCandidates()) {
            if (tried.add(id)) {
                pending.unsentFallback = failure -> {
                    failures.add(failure);
                    submitToAny(pending, tried, failures);
                };
                submitTo(id, pending);
                return;
            }
        }
        StringBuilder reasons = new StringBuilder();
        for (BrokerUnavailableException failure : failures) {
            reasons.append(reasons.isEmpty() ? "" : "; ").append(failure.getMessage());
        }
        InetSocketAddress last = failures.isEmpty() ? null : failures.get(failures.size() - 1).address();
        pending.fail(new BrokerUnavailableException(last, "no broker reachable for " + pending.api.apiName()
                + ": " + reasons, failures.isEmpty() ? null : failures.get(failures.size() - 1)));
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> cast(CompletableFuture<Object> future) {
        return (CompletableFuture<T>) (CompletableFuture<?>) future;
    }
}
