package io.runnel.broker.network;

import io.runnel.protocol.ApiKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The handler for each API the broker serves. An API without a handler is not advertised in ApiVersions and a
 * request for it closes the connection, as Kafka does for an API it has not enabled.
 */
public final class ApiHandlers {
    private final ApiHandler[] byId;
    private final List<ApiKey> served;

    private ApiHandlers(Map<ApiKey, ApiHandler> handlers) {
        int maxId = 0;
        for (ApiKey key : ApiKey.values()) {
            maxId = Math.max(maxId, key.id());
        }
        byId = new ApiHandler[maxId + 1];
        List<ApiKey> keys = new ArrayList<>();
        for (Map.Entry<ApiKey, ApiHandler> entry : handlers.entrySet()) {
            byId[entry.getKey().id()] = entry.getValue();
            keys.add(entry.getKey());
        }
        keys.sort(Comparator.comparingInt(ApiKey::id));
        served = Collections.unmodifiableList(keys);
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The handler for {@code key}, or {@code null} when the broker does not serve it. */
    public ApiHandler handlerFor(ApiKey key) {
        return byId[key.id()];
    }

    /** True when requests of {@code key} have a handler. */
    public boolean serves(ApiKey key) {
        return byId[key.id()] != null;
    }

    /** The APIs with a handler, in API key order. */
    public List<ApiKey> servedApis() {
        return served;
    }

    /** Collects handlers; one per API. */
    public static final class Builder {
        private final EnumMap<ApiKey, ApiHandler> handlers = new EnumMap<>(ApiKey.class);

        private Builder() {
        }

        /**
         * Registers the handler of {@code key}.
         *
         * @throws IllegalStateException when {@code key} already has one
         */
        public Builder register(ApiKey key, ApiHandler handler) {
            Objects.requireNonNull(handler, "handler");
            if (handlers.putIfAbsent(key, handler) != null) {
                throw new IllegalStateException("a handler for " + key.apiName() + " is already registered");
            }
            return this;
        }

        /** True when {@code key} has a handler already. */
        public boolean has(ApiKey key) {
            return handlers.containsKey(key);
        }

        /** The APIs registered so far, in API key order. */
        public List<ApiKey> registered() {
            List<ApiKey> keys = new ArrayList<>(handlers.keySet());
            keys.sort(Comparator.comparingInt(ApiKey::id));
            return keys;
        }

        public ApiHandlers build() {
            return new ApiHandlers(handlers);
        }
    }
}
