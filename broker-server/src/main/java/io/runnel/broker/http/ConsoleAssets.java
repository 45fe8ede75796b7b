package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

/**
 * The web console's files (one page, its script, its style sheet and icon), served from the broker jar.
 *
 * <p>They are read from the class path once, when the endpoint starts, so that serving them does no I/O on a
 * network thread; together they are a few tens of kilobytes. Each has an ETag, so browsers revalidate with a
 * 304 instead of downloading again. The page's Content-Security-Policy allows only this origin's own script,
 * style and connections: no inline script, nothing from anywhere else.
 */
final class ConsoleAssets {
    private static final String BASE = "/io/runnel/broker/http/console/";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private record Asset(String contentType, byte[] body, String etag) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    ConsoleAssets() {
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            byte[] body = load(f.getKey());
            CRC32 crc = new CRC32();
            crc.update(body);
            assets.put(f.getKey(), new Asset(f.getValue(), body, "\"" + Long.toHexString(crc.getValue()) + "\""));
        }
    }

    /** {@code GET /}: the console page. */
    CompletionStage<HttpReply> index(HttpCall call) {
        return CompletableFuture.completedFuture(reply(call, assets.get("index.html")));
    }

    /** {@code GET /console/{file}}. */
    CompletionStage<HttpReply> file(HttpCall call) {
        Asset asset = assets.get(call.variable("file"));
        if (asset == null) {
            throw new NotFoundException("no console file " + call.variable("file"));
        }
        return CompletableFuture.completedFuture(reply(call, asset));
    }

    private static HttpReply reply(HttpCall call, Asset asset) {
        Map<String, String> headers = Map.of("ETag", asset.etag, "Cache-Control", "no-cache",
                "Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer", "X-Frame-Options", "DENY");
        if (asset.etag.equals(call.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            return new HttpReply(HttpResponseStatus.NOT_MODIFIED, asset.contentType, new byte[0], headers);
        }
        return new HttpReply(HttpResponseStatus.OK, asset.contentType, asset.body, headers);
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + BASE + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading console file " + BASE + name + " failed", e);
        }
    }
}
