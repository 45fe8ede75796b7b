package io.runnel.broker.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.runnel.broker.config.Listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener: Netty's HTTP/1.1 codec on the broker's own event loops, in front of a {@link Routes} table.
 *
 * <p>Each connection's pipeline is codec → aggregator (bodies up to {@link #MAX_BODY_BYTES}) → idle timer →
 * {@link HttpRouter}. {@link #close()} stops listening and closes every open connection (live tails included),
 * then returns; it does not stop the event loops, which belong to the network server.
 */
public final class HttpServer implements AutoCloseable {
    /** Largest request body accepted; the API's bodies are small JSON objects. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** A connection silent in both directions this long is closed (live tails send a comment every 15 s). */
    static final long IDLE_SECONDS = 120;

    private final Channel serverChannel;
    private final Set<Channel> connections;

    private HttpServer(Channel serverChannel, Set<Channel> connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds {@code listener} through {@code binder} and serves {@code routes}.
     *
     * @throws IOException when the address cannot be bound or its host is unknown
     */
    static HttpServer start(Listener listener, ChannelBinder binder, Routes routes) throws IOException {
        InetSocketAddress address = listener.isWildcard() ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.host(), listener.port());
        if (address.isUnresolved()) {
            throw new IOException("unknown host " + listener.host());
        }
        Set<Channel> connections = ConcurrentHashMap.newKeySet();
        Channel server = binder.bind(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                connections.add(channel);
                channel.closeFuture().addListener(f -> connections.remove(channel));
                channel.pipeline()
                        .addLast("codec", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                        .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                        .addLast("close-idle", new CloseIdle())
                        .addLast("router", new HttpRouter(routes));
            }
        });
        return new HttpServer(server, connections);
    }

    /** The address bound (with the port chosen when the listener asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops listening and closes every connection. Safe to call more than once. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        for (Channel c : connections) {
            c.close().awaitUninterruptibly();
        }
    }

    private static final class CloseIdle extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
