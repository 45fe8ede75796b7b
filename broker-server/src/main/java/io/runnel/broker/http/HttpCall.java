package io.runnel.broker.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a route sees it: decoded path, query parameters, the path's variables, the body as text,
 * and the channel (which a streaming route writes to itself).
 *
 * @param method     the request method
 * @param path       the decoded path, without the query
 * @param query      query parameters, decoded
 * @param variables  the values of the route pattern's {@code {name}} segments, decoded
 * @param headers    the request headers
 * @param body       the request body as UTF-8 text ("" without one)
 * @param channel    the connection
 */
record HttpCall(HttpMethod method, String path, Map<String, List<String>> query, Map<String, String> variables,
                HttpHeaders headers, String body, Channel channel) {

    /** The path variable {@code name}. */
    String variable(String name) {
        return variables.get(name);
    }

    /** The first value of query parameter {@code name}, or {@code fallback}. */
    String param(String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    /** Every value of query parameter {@code name}. */
    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** Query parameter {@code name} as a long within {@code [min, max]}, or {@code fallback} when absent. */
    long longParam(String name, long fallback, long min, long max) {
        String text = param(name, null);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter " + name + "=" + text + " is not a whole number");
        }
        if (value < min || value > max) {
            throw new BadRequestException("query parameter " + name + "=" + value + " is outside " + min + ".."
                    + max);
        }
        return value;
    }
}
