package io.runnel.broker.network;

import io.netty.channel.Channel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The open connections: enforces max.connections and lets shutdown reach every one of them. */
final class ConnectionTracker {
    private final int maxConnections;
    private final Set<Channel> open = new HashSet<>();
    private boolean closing;

    ConnectionTracker(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Takes on {@code channel} and forgets it when it closes; false when at the limit or shutting down. */
    synchronized boolean admit(Channel channel) {
        if (closing || open.size() >= maxConnections) {
            return false;
        }
        open.add(channel);
        channel.closeFuture().addListener(f -> forget(channel));
        return true;
    }

    private synchronized void forget(Channel channel) {
        open.remove(channel);
    }

    /** Refuses every later connection and returns those open now. */
    synchronized List<Channel> closeAndSnapshot() {
        closing = true;
        return List.copyOf(open);
    }

    /** Connections open now. */
    synchronized int openConnections() {
        return open.size();
    }
}
