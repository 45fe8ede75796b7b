package io.runnel.broker.api;

import io.runnel.broker.config.ConfigEntry;
import io.runnel.broker.config.ConfigKey;

/** Kafka's wire codes for config sources, config types and config resource types. */
final class ConfigCodes {
    /** Config resource types. */
    static final byte TOPIC = 2;
    static final byte BROKER = 4;

    private ConfigCodes() {
    }

    /** DescribeConfigs' config source code. */
    static byte source(ConfigEntry.Source source) {
        return switch (source) {
            case TOPIC_CONFIG -> 1;
            case STATIC_BROKER_CONFIG -> 4;
            case DEFAULT_CONFIG -> 5;
        };
    }

    /** DescribeConfigs' config type code (v3+). */
    static byte type(ConfigKey.Type type) {
        return switch (type) {
            case BOOLEAN -> 1;
            case STRING -> 2;
            case INT -> 3;
            case LONG -> 5;
            case DOUBLE -> 6;
            case LIST -> 7;
            case PASSWORD -> 9;
        };
    }
}
