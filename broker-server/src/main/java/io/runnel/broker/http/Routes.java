package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table: method plus path pattern to handler. A pattern is a path whose segments are literal or
 * {@code {name}}, which matches any one non-empty segment and hands its decoded value to the handler. Built once
 * before the listener starts; read-only afterwards, so lookups need no lock.
 */
final class Routes {
    private final List<Route> routes = new ArrayList<>();

    private record Route(HttpMethod method, String[] segments, HttpHandler handler) {
    }

    /** The handler and variables of a matched request, or why nothing matched. */
    record Match(HttpHandler handler, Map<String, String> variables, boolean pathKnown) {
    }

    Routes add(HttpMethod method, String pattern, HttpHandler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    Routes get(String pattern, HttpHandler handler) {
        return add(HttpMethod.GET, pattern, handler);
    }

    Routes post(String pattern, HttpHandler handler) {
        return add(HttpMethod.POST, pattern, handler);
    }

    Routes delete(String pattern, HttpHandler handler) {
        return add(HttpMethod.DELETE, pattern, handler);
    }

    /** The route for {@code method} and the raw (still encoded) {@code rawPath}. */
    Match match(HttpMethod method, String rawPath) {
        String[] parts = split(rawPath);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> variables = matchPath(route.segments, parts);
            if (variables == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Match(route.handler, variables, true);
            }
            pathKnown = true;
        }
        return new Match(null, Map.of(), pathKnown);
    }

    private static Map<String, String> matchPath(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> variables = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                if (variables == null) {
                    variables = new HashMap<>();
                }
                variables.put(p.substring(1, p.length() - 1), QueryStringDecoder.decodeComponent(parts[i]));
            } else if (!p.equals(parts[i])) {
                return null;
            }
        }
        return variables == null ? Map.of() : variables;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/") && trimmed.length() > 0) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.split("/", -1);
    }
}
