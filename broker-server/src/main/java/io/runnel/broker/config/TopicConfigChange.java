package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One change to a topic's config overrides, as IncrementalAlterConfigs asks for it: set a value, delete the override
 * (back to the broker default), or append to / subtract from a list value.
 *
 * @param name      the topic key
 * @param operation what to do
 * @param value     the value (for delete, ignored); for append and subtract a comma-separated list
 */
public record TopicConfigChange(String name, Operation operation, String value) {
    /** Kafka's incremental operations, by their wire codes 0-3. */
    public enum Operation {
        SET, DELETE, APPEND, SUBTRACT;

        /** The operation with wire code {@code code}, or {@code null} for a code Kafka does not define. */
        public static Operation forCode(int code) {
            Operation[] all = values();
            return code >= 0 && code < all.length ? all[code] : null;
        }
    }

    /**
     * The overrides after {@code changes}, applied in order to {@code overrides}. Each new value is checked by its
     * key's rules.
     *
     * @throws ConfigException for an unknown key, a bad value, a missing value, or append/subtract on a key whose
     *                         value is not a list
     */
    public static Map<String, String> apply(Map<String, String> overrides, List<TopicConfigChange> changes,
                                            BrokerConfig config) {
        Map<String, String> result = new LinkedHashMap<>(overrides);
        for (TopicConfigChange change : changes) {
            TopicConfigKey<?> key = TopicConfigKey.forName(change.name());
            if (key == null) {
                throw new ConfigException(change.name(), change.value(), "not a topic config this broker knows");
            }
            switch (change.operation()) {
                case SET -> {
                    key.parse(change.value());
                    result.put(key.name(), change.value().trim());
                }
                case DELETE -> result.remove(key.name());
                case APPEND, SUBTRACT -> result.put(key.name(), changeList(key, result, change, config));
            }
        }
        return result;
    }

    private static String changeList(TopicConfigKey<?> key, Map<String, String> current, TopicConfigChange change,
                                     BrokerConfig config) {
        if (key.type() != ConfigKey.Type.LIST) {
            throw new ConfigException(key.name(), change.value(), change.operation().name().toLowerCase(java.util.Locale.ROOT)
                    + " applies only to list configs");
        }
        if (change.value() == null) {
            throw new ConfigException(key.name(), null, "a value is required");
        }
        String now = current.get(key.name());
        List<?> values = (List<?>) (now != null ? key.parse(now) : config.topicDefault(key));
        Set<String> result = new LinkedHashSet<>();
        for (Object value : values) {
            result.add(value.toString());
        }
        Set<String> given = new HashSet<>();
        for (Object value : (List<?>) key.parse(change.value())) {
            given.add(value.toString());
        }
        if (change.operation() == Operation.APPEND) {
            result.addAll(given);
        } else {
            result.removeAll(given);
        }
        String joined = String.join(",", new ArrayList<>(result));
        key.parse(joined);
        return joined;
    }
}
