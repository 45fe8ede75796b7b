package io.runnel.broker.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Factories for the kinds of keys the broker has: bounded numbers, booleans, choices, lists, paths, listeners. */
final class ConfigTypes {
    private ConfigTypes() {
    }

    static ConfigKey<Integer> intKey(String name, int defaultValue, int min, int max, String doc) {
        return new ConfigKey<>(name, Integer.toString(defaultValue), doc, ConfigKey.Type.INT, text -> {
            long value = parseLong(text, "an integer");
            checkRange(value, min, max);
            return (int) value;
        });
    }

    static ConfigKey<Long> longKey(String name, long defaultValue, long min, long max, String doc) {
        return new ConfigKey<>(name, Long.toString(defaultValue), doc, ConfigKey.Type.LONG, text -> {
            long value = parseLong(text, "an integer");
            checkRange(value, min, max);
            return value;
        });
    }

    static ConfigKey<Boolean> booleanKey(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, Boolean.toString(defaultValue), doc, ConfigKey.Type.BOOLEAN, text -> {
            if (text.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("must be true or false");
        });
    }

    /** One directory; Runnel keeps all data in a single directory, so a comma-separated list is refused. */
    static ConfigKey<Path> directoryKey(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.STRING, text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("must name a directory");
            }
            if (text.indexOf(',') >= 0) {
                throw new IllegalArgumentException("only one data directory is supported");
            }
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a valid path: " + e.getReason(), e);
            }
        });
    }

    static ConfigKey<Listener> listenerKey(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.STRING, Listener::parse);
    }

    /** A listener or, when empty, none (meaning "derive it"). */
    static ConfigKey<Listener> optionalListenerKey(String name, String doc) {
        return new ConfigKey<>(name, "", doc, ConfigKey.Type.STRING,
                text -> text.isEmpty() ? null : Listener.parse(text));
    }

    /** {@code host:port} ({@code [v6]:port} for IPv6), or {@code none} for no listener (the value is then null). */
    static ConfigKey<Listener> hostPortOrNoneKey(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.STRING, text -> {
            if (text.equalsIgnoreCase("none")) {
                return null;
            }
            if (text.contains("://")) {
                throw new IllegalArgumentException("must be host:port or none, without a scheme");
            }
            return Listener.parse(Listener.PLAINTEXT + "://" + text);
        });
    }

    static ConfigKey<Double> doubleKey(String name, double defaultValue, double min, double max, String doc) {
        return new ConfigKey<>(name, Double.toString(defaultValue), doc, ConfigKey.Type.DOUBLE, text -> {
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number", e);
            }
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        });
    }

    /** One of {@code choices}, spelled exactly (Kafka's values are case-sensitive). */
    static ConfigKey<String> choiceKey(String name, String defaultValue, List<String> choices, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.STRING, text -> {
            if (!choices.contains(text)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", choices));
            }
            return text;
        });
    }

    /**
     * A non-empty comma-separated list of {@code choices} (any case, any order, repeats ignored), parsed to the
     * distinct choices in lower case and sorted, so equal settings compare equal.
     */
    static ConfigKey<List<String>> choiceListKey(String name, String defaultValue, List<String> choices, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.LIST, text -> {
            TreeSet<String> values = new TreeSet<>();
            for (String part : text.split(",", -1)) {
                String value = part.trim().toLowerCase(Locale.ROOT);
                if (!choices.contains(value)) {
                    throw new IllegalArgumentException("must be a comma-separated list of "
                            + String.join(", ", choices));
                }
                values.add(value);
            }
            return List.copyOf(new ArrayList<>(values));
        });
    }

    /**
     * A comma-separated list of names, each one of {@code allowed} (case-sensitive, white space around names
     * ignored); {@code aliases} maps other accepted spellings to an allowed name. At least one name; no repeats.
     */
    static ConfigKey<List<String>> nameListKey(String name, String defaultValue, Set<String> allowed,
                                                Map<String, String> aliases, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.LIST, text -> {
            List<String> names = new ArrayList<>();
            for (String part : text.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String canonical = aliases.getOrDefault(trimmed, trimmed);
                if (!allowed.contains(canonical)) {
                    throw new IllegalArgumentException(trimmed + " is not one of " + String.join(", ", allowed));
                }
                if (names.contains(canonical)) {
                    throw new IllegalArgumentException(trimmed + " is listed twice");
                }
                names.add(canonical);
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("must name at least one of " + String.join(", ", allowed));
            }
            return List.copyOf(names);
        });
    }

    private static long parseLong(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be " + what, e);
        }
    }

    private static void checkRange(long value, long min, long max) {
        if (value >= min && value <= max) {
            return;
        }
        boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
        if (!unbounded) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        throw new IllegalArgumentException(value < min ? "must be at least " + min : "must be at most " + max);
    }
}
