package io.runnel.broker.network;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.runnel.broker.metrics.BrokerMetrics;
import io.runnel.broker.security.ConnectionSession;
import io.runnel.broker.security.ListenerSecurity;
import io.runnel.broker.security.UserPrincipal;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of each accepted connection, or closes it at once when max.connections is reached:
 * TLS (on SSL and SASL_SSL listeners) → idle timer → frame decoder → request decoder → dispatcher, with the response
 * encoder on the way out. Each connection gets its {@link ConnectionSession}; on SSL listeners a client certificate
 * names its principal once the handshake completes.
 */
final class ConnectionInitializer extends ChannelInitializer<Channel> {
    private static final ResponseEncoder RESPONSE_ENCODER = new ResponseEncoder();

    private final ApiHandlers handlers;
    private final NetworkSettings settings;
    private final ConnectionTracker tracker;
    private final NetworkLogs logs;
    private final BrokerMetrics metrics;
    private final ListenerSecurity security;

    ConnectionInitializer(ApiHandlers handlers, NetworkSettings settings, ConnectionTracker tracker,
                          NetworkLogs logs, BrokerMetrics metrics, ListenerSecurity security) {
        this.metrics = metrics;
        this.security = security;
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
        logs.debug().debug("Connection from {} on {}", channel.remoteAddress(), security.listenerName());
        ConnectionSession session = new ConnectionSession(security.listenerName(), security.protocol(),
                RequestContext.hostOf(channel.remoteAddress()));
        ChannelPipeline pipeline = channel.pipeline();
        if (security.tls() != null) {
            pipeline.addLast("tls", security.tls().newHandler(channel.alloc()));
            pipeline.addLast("tls-principal", new TlsPrincipal(session));
        }
        if (settings.idleMillis() > 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, settings.idleMillis(), TimeUnit.MILLISECONDS));
        }
        pipeline.addLast("frames", new FrameDecoder(settings.maxFrameBytes(), logs.badFrame()));
        pipeline.addLast("responses", RESPONSE_ENCODER);
        pipeline.addLast("requests", new RequestDecoder(handlers, logs, session));
        pipeline.addLast("dispatcher", new RequestDispatcher(handlers, settings, logs, metrics.requests()));
    }

    /** Takes the principal from the client's certificate when the TLS handshake completes, then leaves the pipeline. */
    private static final class TlsPrincipal extends ChannelInboundHandlerAdapter {
        private final ConnectionSession session;

        TlsPrincipal(ConnectionSession session) {
            this.session = session;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (completion.isSuccess()) {
                    SSLSession tls = ctx.pipeline().get(SslHandler.class).engine().getSession();
                    try {
                        Certificate[] peer = tls.getPeerCertificates();
                        if (peer.length > 0 && peer[0] instanceof X509Certificate certificate) {
                            session.tlsPeer(UserPrincipal.user(certificate.getSubjectX500Principal().getName()));
                        }
                    } catch (SSLPeerUnverifiedException noCertificate) {
                        // ssl.client.auth=none or requested without one: the connection stays User:ANONYMOUS.
                    }
                }
                ctx.pipeline().remove(this);
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
