package io.runnel.broker.config;

import java.util.List;

/**
 * One config as DescribeConfigs reports it: the value in effect, where it comes from, and the values below it
 * (synonyms), most precise first.
 *
 * @param name          the key (a topic key for a topic, a broker key for the broker)
 * @param value         the value in effect, as text
 * @param source        where the value in effect comes from
 * @param readOnly      true when it cannot be changed while the broker runs
 * @param type          the kind of value
 * @param documentation what the key controls
 * @param synonyms      the value's source and every value below it, in precedence order
 */
public record ConfigEntry(String name, String value, Source source, boolean readOnly, ConfigKey.Type type,
                          String documentation, List<Synonym> synonyms) {
    /** Where a value comes from; Kafka's config sources. */
    public enum Source {
        /** A topic's own override. */
        TOPIC_CONFIG,
        /** Set in the broker's configuration (file or command line). */
        STATIC_BROKER_CONFIG,
        /** The built-in default. */
        DEFAULT_CONFIG
    }

    /** A value that applies, or would apply without the ones above it. */
    public record Synonym(String name, String value, Source source) {
    }

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }
}
