package io.runnel.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Serves one HTTP connection: finds each request's route, runs its handler and writes the answer.
 *
 * <p>One request at a time per connection: reading stops while a request is being answered and resumes once the
 * answer is written, so answers that complete on other threads still leave in request order (browsers do not
 * pipeline, but nothing else needs to be assumed). State-changing requests (anything but GET) are refused when
 * they carry an {@code Origin} that is not this endpoint's own, so another web site open in the same browser
 * cannot use the console's API. Event-loop only.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private final Routes routes;

    HttpRouter(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            write(ctx, HttpReply.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n"), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        HttpMethod method = request.method();
        Routes.Match match = routes.match(method, uri.rawPath());
        if (match.handler() == null) {
            HttpResponseStatus status = match.pathKnown() ? HttpResponseStatus.METHOD_NOT_ALLOWED
                    : HttpResponseStatus.NOT_FOUND;
            write(ctx, HttpReply.error(status, status.reasonPhrase() + ": " + method + " " + uri.path()), keepAlive);
            return;
        }
        if (!method.equals(HttpMethod.GET) && !sameOrigin(request)) {
            write(ctx, HttpReply.error(HttpResponseStatus.FORBIDDEN, "cross-origin " + method + " refused"),
                    keepAlive);
            return;
        }
        HttpCall call = new HttpCall(method, uri.path(), uri.parameters(), match.variables(), request.headers(),
                request.content().toString(StandardCharsets.UTF_8), ctx.channel());
        ctx.channel().config().setAutoRead(false);
        CompletionStage<HttpReply> stage;
        try {
            stage = match.handler().handle(call);
        } catch (Exception e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((reply, failure) -> {
            HttpReply answer = failure == null ? reply : failureReply(call, failure);
            if (ctx.executor().inEventLoop()) {
                answer(ctx, answer, keepAlive);
            } else {
                ctx.executor().execute(() -> answer(ctx, answer, keepAlive));
            }
        });
    }

    private static void answer(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        if (reply == HttpReply.STREAMING) {
            return;
        }
        write(ctx, reply, keepAlive);
    }

    /** Writes {@code reply}; reading resumes once it is sent (or the connection closes after it). */
    static void write(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        response.headers().set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().config().setAutoRead(true);
                } else {
                    f.channel().close();
                }
            });
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static HttpReply failureReply(HttpCall call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BadRequestException) {
            return HttpReply.error(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof NotFoundException) {
            return HttpReply.error(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof ConflictException) {
            return HttpReply.error(HttpResponseStatus.CONFLICT, cause.getMessage());
        }
        if (cause instanceof ServiceUnavailableException) {
            return HttpReply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        LOG.warn("HTTP {} {} failed", call.method(), call.path(), cause);
        return HttpReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause);
    }

    /** True without an Origin header (not a browser's cross-site request) or with this endpoint's own. */
    private static boolean sameOrigin(FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            String hostPort = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return "http".equals(o.getScheme()) && host.equalsIgnoreCase(hostPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
