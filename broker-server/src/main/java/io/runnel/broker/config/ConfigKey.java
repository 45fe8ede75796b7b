package io.runnel.broker.config;

/**
 * One typed configuration key: its name (Kafka's where Kafka has one), default, documentation, and how a text value
 * becomes a checked typed value.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {
    /** The kind of value, as DescribeConfigs reports it (Kafka's config types). */
    public enum Type {
        BOOLEAN, STRING, INT, LONG, DOUBLE, LIST,
        /** A secret: DescribeConfigs reports it as sensitive, without its value. */
        PASSWORD
    }

    /** Turns a trimmed text value into a typed one; throws {@link IllegalArgumentException} with the reason. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text);
    }

    private final String name;
    private final String defaultText;
    private final String documentation;
    private final Type type;
    private final Parser<T> parser;
    private final T defaultValue;

    ConfigKey(String name, String defaultText, String documentation, Type type, Parser<T> parser) {
        this.name = name;
        this.defaultText = defaultText;
        this.documentation = documentation;
        this.type = type;
        this.parser = parser;
        this.defaultValue = parse(defaultText);
    }

    /** The key as written in broker.properties. */
    public String name() {
        return name;
    }

    /** The default as text, exactly as broker.properties documents it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the key controls, in a sentence or two. */
    public String documentation() {
        return documentation;
    }

    /** The kind of value. */
    public Type type() {
        return type;
    }

    /** The parsed default. */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Parses and validates {@code text} (surrounding white space ignored).
     *
     * @throws ConfigException naming this key, the value and the reason when the value is unusable
     */
    public T parse(String text) {
        return parseAs(name, text);
    }

    /**
     * Parses {@code text} by this key's rules for a key of another name with the same meaning (a topic-level key and
     * its broker-wide default); errors name {@code keyName}.
     *
     * @throws ConfigException naming {@code keyName}, the value and the reason when the value is unusable
     */
    public T parseAs(String keyName, String text) {
        if (text == null) {
            throw new ConfigException(keyName, null, "a value is required");
        }
        try {
            return parser.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyName, text, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
