package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every config of the broker or of a topic, with its value, source and synonyms, as DescribeConfigs reports them.
 * Admin tools read, modify and write back what they get here, so it lists every key the broker honours.
 */
public final class ConfigEntries {
    private ConfigEntries() {
    }

    /**
     * The broker's configs in {@link BrokerConfig#KEYS} order. None can be changed at run time: they are set in
     * broker.properties or on the command line.
     */
    public static List<ConfigEntry> broker(BrokerConfig config) {
        List<ConfigEntry> entries = new ArrayList<>(BrokerConfig.KEYS.size());
        for (ConfigKey<?> key : BrokerConfig.KEYS) {
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>(2);
            boolean secret = key.type() == ConfigKey.Type.PASSWORD;
            if (config.isExplicit(key)) {
                // A secret is reported as set, never with its value (Kafka: a sensitive config's value is null).
                synonyms.add(new ConfigEntry.Synonym(key.name(), secret ? null : config.text(key),
                        ConfigEntry.Source.STATIC_BROKER_CONFIG));
            }
            synonyms.add(new ConfigEntry.Synonym(key.name(), secret ? null : key.defaultText(),
                    ConfigEntry.Source.DEFAULT_CONFIG));
            entries.add(new ConfigEntry(key.name(), secret ? null : config.text(key), synonyms.get(0).source(), true,
                    key.type(), key.documentation(), synonyms));
        }
        return entries;
    }

    /**
     * A topic's configs in {@link TopicConfigKey#ALL} order.
     *
     * @param overrides the topic's own overrides
     * @param effective the value in effect of every topic key, as text (the topic's log config)
     */
    public static List<ConfigEntry> topic(BrokerConfig config, Map<String, String> overrides,
                                          Map<String, String> effective) {
        List<ConfigEntry> entries = new ArrayList<>(TopicConfigKey.ALL.size());
        for (TopicConfigKey<?> key : TopicConfigKey.ALL) {
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            String override = overrides.get(key.name());
            if (override != null) {
                synonyms.add(new ConfigEntry.Synonym(key.name(), override, ConfigEntry.Source.TOPIC_CONFIG));
            }
            for (TopicConfigKey.Synonym synonym : key.synonyms()) {
                addBrokerSynonym(config, synonym.key(), synonyms);
            }
            ConfigKey<?> brokerKey = key.brokerKey();
            synonyms.add(new ConfigEntry.Synonym(brokerKey.name(), brokerKey.defaultText(),
                    ConfigEntry.Source.DEFAULT_CONFIG));
            entries.add(new ConfigEntry(key.name(), effective.get(key.name()), synonyms.get(0).source(), false,
                    key.type(), key.documentation(), synonyms));
        }
        return entries;
    }

    private static void addBrokerSynonym(BrokerConfig config, ConfigKey<?> key, List<ConfigEntry.Synonym> synonyms) {
        if (config.isExplicit(key)) {
            synonyms.add(new ConfigEntry.Synonym(key.name(), config.text(key), ConfigEntry.Source.STATIC_BROKER_CONFIG));
        }
    }
}
