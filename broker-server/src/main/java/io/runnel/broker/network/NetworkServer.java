package io.runnel.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.runnel.broker.config.Listener;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.security.ListenerSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Accepts Kafka connections on one or more listeners and runs each through the request pipeline on a pool of event loops.
 *
 * <p>Threads: {@link #start} starts Netty's event loops, one that accepts ({@code runnel-accept}) and
 * {@code num.network.threads} that serve connections ({@code runnel-network-<n>}); each connection stays on one of
 * them for its life. {@link #close(long)} shuts down cleanly: it stops accepting, lets every connection finish the
 * requests it has taken on (up to a deadline), closes them and stops every thread it started.
 */
public final class NetworkServer {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkServer.class);
    private static final long EVENT_LOOP_SHUTDOWN_SECONDS = 5;
    /** The thread that accepts connections: {@code runnel-accept}. */
    static final String ACCEPT_ROLE = "accept";
    /** The event loops that serve connections: {@code runnel-network-0} to {@code runnel-network-<threads - 1>}. */
    static final String NETWORK_ROLE = "network";

    private final ApiHandlers handlers;
    private final BrokerMetrics metrics;
    private final NetworkSettings settings;
    private final Transport transport;
    private final NetworkLogs logs = new NetworkLogs();
    private final ConnectionTracker tracker;

    private final EventLoopThreadFactory acceptThreads = new EventLoopThreadFactory(ACCEPT_ROLE, false);
    private final EventLoopThreadFactory networkThreads = new EventLoopThreadFactory(NETWORK_ROLE, true);
    private EventLoopGroup acceptGroup;
    private EventLoopGroup connectionGroup;
    private final List<Channel> serverChannels = new ArrayList<>();

    /** A server whose requests and connections are counted into metrics of its own (tests). */
    public NetworkServer(ApiHandlers handlers, NetworkSettings settings, Transport transport) {
        this(handlers, settings, transport, new BrokerMetrics());
    }

    /** A server that counts requests and connections into {@code metrics}. */
    public NetworkServer(ApiHandlers handlers, NetworkSettings settings, Transport transport, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.handlers = handlers;
        this.settings = settings;
        this.transport = transport;
        this.tracker = new ConnectionTracker(settings.maxConnections());
    }

    /** Binds a PLAINTEXT {@code listener} and starts accepting. */
    public InetSocketAddress start(Listener listener) throws IOException {
        return start(listener, ListenerSecurity.plaintext());
    }

    /**
     * Binds {@code listener}, secured as {@code security} says, and starts accepting on it; the first call starts
     * the event loops, later ones add listeners on the same loops.
     *
     * @return the address actually bound (with the chosen port when the listener asked for port 0)
     * @throws IOException when the listener cannot be bound (host unknown, address in use, ...); the threads
     *                     started for it are stopped again first (call {@link #close} for earlier listeners)
     */
    public InetSocketAddress start(Listener listener, ListenerSecurity security) throws IOException {
        InetSocketAddress address = listener.isWildcard()
                ? new InetSocketAddress(listener.port()) : new InetSocketAddress(listener.host(), listener.port());
        if (address.isUnresolved()) {
            throw new IOException("unknown host " + listener.host());
        }
        boolean first = acceptGroup == null;
        if (first) {
            acceptGroup = new MultiThreadIoEventLoopGroup(1, acceptThreads, transport.ioHandlerFactory());
            connectionGroup = new MultiThreadIoEventLoopGroup(settings.threads(), networkThreads,
                    transport.ioHandlerFactory());
        }
        Channel serverChannel;
        try {
            serverChannel = new ServerBootstrap()
                    .group(acceptGroup, connectionGroup)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ConnectionInitializer(handlers, settings, tracker, logs, metrics, security))
                    .bind(address).sync().channel();
        } catch (Exception e) {
            // sync() rethrows the bind failure as it is, checked or not.
            if (first) {
                stopEventLoops();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while binding " + listener.hostPort(), e);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
        serverChannels.add(serverChannel);
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.debug("Accepting {} connections on {} with {} ({} network threads)", security.protocol(), bound,
                transport, settings.threads());
        return bound;
    }

    /**
     * Binds another listener on this server's event loops, with its own pipeline (the HTTP endpoint's), so it needs
     * no threads of its own. Its channels close when the event loops stop; close it before {@link #close} to end
     * them first.
     *
     * @throws IOException when {@code address} cannot be bound
     */
    public Channel bindAlongside(InetSocketAddress address, ChannelInitializer<Channel> initializer)
            throws IOException {
        if (serverChannels.isEmpty()) {
            throw new IllegalStateException("the network server is not started");
        }
        try {
            return new ServerBootstrap()
                    .group(acceptGroup, connectionGroup)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(initializer)
                    .bind(address).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while binding " + address, e);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** The transport in use. */
    public Transport transport() {
        return transport;
    }

    /** Connections open now. */
    public int openConnections() {
        return tracker.openConnections();
    }

    /**
     * Stops accepting, lets open connections finish the requests they have taken on for up to
     * {@code drainTimeoutMillis}, then closes them and stops the event loops. Safe to call more than once.
     */
    public void close(long drainTimeoutMillis) {
        if (acceptGroup == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMillis);
        for (Channel serverChannel : serverChannels) {
            serverChannel.close().awaitUninterruptibly();
        }
        List<Channel> connections = tracker.closeAndSnapshot();
        for (Channel channel : connections) {
            RequestDispatcher dispatcher = channel.pipeline().get(RequestDispatcher.class);
            if (dispatcher == null) {
                channel.close();
            } else {
                channel.eventLoop().execute(dispatcher::drain);
            }
        }
        int forced = 0;
        for (Channel channel : connections) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                forced++;
                channel.close().awaitUninterruptibly();
            }
        }
        if (forced > 0) {
            LOG.warn("Closed {} connections with requests still in flight after shutdown.timeout.ms", forced);
        }
        stopEventLoops();
    }

    /** An event loop reports termination just before its thread ends; close() returns only once it has. */
    private void awaitThreadsExit() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!acceptThreads.awaitExit(TimeUnit.SECONDS.toMillis(EVENT_LOOP_SHUTDOWN_SECONDS))
                            || !networkThreads.awaitExit(TimeUnit.SECONDS.toMillis(EVENT_LOOP_SHUTDOWN_SECONDS))) {
                        LOG.warn("Network threads still running {} s after shutdown", EVENT_LOOP_SHUTDOWN_SECONDS);
                    }
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopEventLoops() {
        acceptGroup.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        connectionGroup.shutdownGracefully(0, EVENT_LOOP_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        acceptGroup.terminationFuture().awaitUninterruptibly();
        connectionGroup.terminationFuture().awaitUninterruptibly();
        awaitThreadsExit();
        acceptGroup = null;
        connectionGroup = null;
        serverChannels.clear();
    }
}
