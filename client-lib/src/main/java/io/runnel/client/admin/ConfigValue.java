package io.runnel.client.admin;

/**
 * One config of a topic, as DescribeConfigs reported it.
 *
 * @param name      the config's name, e.g. {@code retention.ms}
 * @param value     its value; null when sensitive or unset
 * @param source    where the value comes from
 * @param readOnly  whether it cannot be altered
 * @param sensitive whether the broker hides its value
 */
public record ConfigValue(String name, String value, Source source, boolean readOnly, boolean sensitive) {
    /** Where a config's value comes from, with Kafka's source ids. */
    public enum Source {
        /** The broker did not say (id -1 or one this client does not know). */
        UNKNOWN,
        /** Set on this topic (id 1). */
        DYNAMIC_TOPIC_CONFIG,
        /** Set dynamically for this broker (id 2). */
        DYNAMIC_BROKER_CONFIG,
        /** Set dynamically for every broker (id 3). */
        DYNAMIC_DEFAULT_BROKER_CONFIG,
        /** From the broker's configuration file (id 4). */
        STATIC_BROKER_CONFIG,
        /** The built-in default (id 5). */
        DEFAULT_CONFIG,
        /** Set dynamically for the broker's logger (id 6). */
        DYNAMIC_BROKER_LOGGER_CONFIG,
        /** Set on a client metrics resource (id 7). */
        CLIENT_METRICS_CONFIG,
        /** Set on a group (id 8). */
        GROUP_CONFIG;

        /** The source with Kafka's wire id {@code id}; {@link #UNKNOWN} for any id it does not define. */
        public static Source forId(int id) {
            Source[] values = values();
            return id >= 1 && id < values.length ? values[id] : UNKNOWN;
        }
    }

    /** Whether the value was set on the topic itself rather than inherited. */
    public boolean isTopicOverride() {
        return source == Source.DYNAMIC_TOPIC_CONFIG;
    }
}
