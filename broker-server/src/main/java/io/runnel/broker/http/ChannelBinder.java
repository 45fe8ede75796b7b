package io.runnel.broker.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Binds a listening socket on event loops someone else owns: the broker's network server lends its own, so the
 * HTTP endpoint starts no threads for I/O.
 */
@FunctionalInterface
public interface ChannelBinder {
    /**
     * Binds {@code address}; each accepted connection is set up by {@code initializer}.
     *
     * @return the listening channel
     * @throws IOException when the address cannot be bound
     */
    Channel bind(InetSocketAddress address, ChannelInitializer<Channel> initializer) throws IOException;
}
