package io.runnel.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.runnel.broker.metrics.BrokerMetrics;

import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of each accepted connection, or closes it at once when max.connections is reached:
 * idle timer → frame decoder → request decoder → dispatcher, with the response encoder on the way out.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {
    private static final ResponseEncoder RESPONSE_ENCODER = new ResponseEncoder();

    private final ApiHandlers handlers;
    private final NetworkSettings settings;
    private final ConnectionTracker tracker;
    private final NetworkLogs logs;
    private final BrokerMetrics metrics;

    ConnectionInitializer(ApiHandlers handlers, NetworkSettings settings, ConnectionTracker tracker,
                          NetworkLogs logs, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.handlers = handlers;
        this.settings = settings;
        this.tracker = tracker;
        this.logs = logs;
    }

    @Override
    protected void initChannel(Channel channel) {
        metrics.network().accepted();
        if (!tracker.admit(channel)) {
            logs.tooManyConnections().warn("Refusing connection from " + channel.remoteAddress()
                    + ": max.connections=" + settings.maxConnections() + " reached or shutting down");
            channel.close();
            return;
        }
        logs.debug().debug("Connection from {}", channel.remoteAddress());
        ChannelPipeline pipeline = channel.pipeline();
        if (settings.idleMillis() > 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleMillis(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("frames", new FrameDecoder(settings.maxFrameBytes(), logs.badFrame()));
        pipeline.addLast("responses", RESPONSE_ENCODER);
        pipeline.addLast("requests", new RequestDecoder(handlers, logs));
        pipeline.addLast("dispatcher", new RequestDispatcher(handlers, settings, logs, metrics.requests()));
    }
}
