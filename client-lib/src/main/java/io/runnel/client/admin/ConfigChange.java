package io.runnel.client.admin;

import java.util.Objects;

/**
 * One change of an incremental config update ({@link io.runnel.client.RunnelAdmin#alterConfigs}): set a value, or
 * delete the topic's own value so the default applies again.
 *
 * @param name  the config's name
 * @param value the new value; null for a delete
 */
public record ConfigChange(String name, String value) {
    /** @throws NullPointerException when {@code name} is null */
    public ConfigChange {
        Objects.requireNonNull(name, "name");
    }

    /** Sets {@code name} to {@code value} on the topic. */
    public static ConfigChange set(String name, String value) {
        return new ConfigChange(name, Objects.requireNonNull(value, "value"));
    }

    /** Removes the topic's own value of {@code name}, so the broker's default applies. */
    public static ConfigChange delete(String name) {
        return new ConfigChange(name, null);
    }

    /** Whether this change deletes the topic's value. */
    public boolean isDelete() {
        return value == null;
    }
}
