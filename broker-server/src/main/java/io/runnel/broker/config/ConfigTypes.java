package io.runnel.broker.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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

    /** A comma-separated list of listeners, {@code NAME://host:port}, names and ports distinct. */
    static ConfigKey<List<Listener>> listenersKey(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.LIST, Listener::parseList);
    }

    /** A list of listeners or, when empty, none (meaning "derive them"). */
    static ConfigKey<List<Listener>> optionalListenersKey(String name, String doc) {
        return new ConfigKey<>(name, "", doc, ConfigKey.Type.LIST,
                text -> text.isEmpty() ? List.of() : Listener.parseList(text));
    }

    /** Free text, possibly empty. */
    static ConfigKey<String> stringKey(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.STRING, text -> text);
    }

    /** A secret: free text, empty by default, reported by DescribeConfigs as sensitive and without its value. */
    static ConfigKey<String> passwordKey(String name, String doc) {
        return new ConfigKey<>(name, "", doc, ConfigKey.Type.PASSWORD, text -> text);
    }

    /** Items separated by {@code separator} (white space around them dropped, empty items skipped), in order. */
    static ConfigKey<List<String>> stringListKey(String name, String defaultValue, String separator, String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.LIST, text -> {
            List<String> items = new ArrayList<>();
            for (String part : text.split(Pattern.quote(separator))) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
            return List.copyOf(items);
        });
    }

    /**
     * {@code NAME:VALUE} pairs separated by commas, names upper-cased, each value one of {@code values} (any case,
     * kept upper case), no name twice; in the order written.
     */
    static ConfigKey<Map<String, String>> nameMapKey(String name, String defaultValue, Set<String> values,
                                                     String doc) {
        return new ConfigKey<>(name, defaultValue, doc, ConfigKey.Type.LIST, text -> {
            Map<String, String> map = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int colon = part.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(part.trim() + " is not NAME:VALUE");
                }
                String key = part.substring(0, colon).trim().toUpperCase(Locale.ROOT);
                String value = part.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
                if (!values.contains(value)) {
                    throw new IllegalArgumentException(value + " (for " + key + ") is not one of "
                            + String.join(", ", new TreeSet<>(values)));
                }
                if (map.put(key, value) != null) {
                    throw new IllegalArgumentException(key + " is mapped twice");
                }
            }
            return Collections.unmodifiableMap(map);
        });
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
