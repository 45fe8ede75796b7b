package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An answer to write: status, content type, body bytes and extra headers. {@link #STREAMING} means the route
 * took the connection over and writes its own response (server-sent events).
 *
 * @param status      the status
 * @param contentType the Content-Type
 * @param body        the body
 * @param headers     extra headers (Cache-Control, Content-Encoding, ...)
 */
record HttpReply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    /** The route writes the response itself. */
    static final HttpReply STREAMING = new HttpReply(HttpResponseStatus.OK, "", new byte[0], Map.of());

    static HttpReply json(HttpResponseStatus status, String json) {
        return new HttpReply(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-store"));
    }

    static HttpReply json(String json) {
        return json(HttpResponseStatus.OK, json);
    }

    static HttpReply text(HttpResponseStatus status, String text) {
        return new HttpReply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of("Cache-Control", "no-store"));
    }

    /** A JSON error: {@code {"error": message}}. */
    static HttpReply error(HttpResponseStatus status, String message) {
        return json(status, new JsonWriter().beginObject().field("error", message).endObject().toJson());
    }
}
