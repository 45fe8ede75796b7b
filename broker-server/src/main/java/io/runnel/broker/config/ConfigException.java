package io.runnel.broker.config;

/**
 * A configuration value that cannot be used. The message is one line naming the key, the value and the reason, fit
 * to print as the only output of a failed start-up.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;

    public ConfigException(String key, String value, String reason) {
        super("Invalid configuration: " + key + "=" + value + " (" + reason + ")");
        this.key = key;
        this.value = value;
    }

    /** A problem that is not about one key, such as an unreadable configuration file. */
    public ConfigException(String message) {
        super(message);
        this.key = null;
        this.value = null;
    }

    /** The offending key, or {@code null} when the problem is not about one key. */
    public String key() {
        return key;
    }

    /** The offending value as it was given, or {@code null} when the problem is not about one key. */
    public String value() {
        return value;
    }
}
