package io.runnel.broker.config;

/**
 * One typed configuration key: its name (Kafka's where Kafka has one), default, documentation, and how a text value
 * becomes a checked typed value.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {
    /** Turns a trimmed text value into a typed one; throws {@link IllegalArgumentException} with the reason. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text);
    }

    private final String name;
    private final String defaultText;
    private final String documentation;
    private final Parser<T> parser;
    private final T defaultValue;

    ConfigKey(String name, String defaultText, String documentation, Parser<T> parser) {
        this.name = name;
        this.defaultText = defaultText;
        this.documentation = documentation;
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
        try {
            return parser.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, text, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
