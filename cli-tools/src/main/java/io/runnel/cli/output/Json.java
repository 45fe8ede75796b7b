package io.runnel.cli.output;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the CLI's JSON: maps (in insertion order), collections, strings, numbers (NaN and infinities as null, which
 * JSON has no word for), booleans and null. Output only:
 * the CLI never reads JSON. Keys keep the order the command put them in, so the same command prints the same shape
 * every time.
 */
public final class Json {
    private Json() {
    }

    /** An ordered object from alternating keys and values. */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate, got " + keysAndValues.length
                    + " items");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@code value} indented by two spaces per level, for one document per command. */
    public static String pretty(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** {@code value} on one line, for one document per record (JSON Lines). */
    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, -1);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Double d && !Double.isFinite(d)) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            int inner = indent < 0 ? -1 : indent + 1;
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(i++ == 0 ? "" : ",");
                newline(out, inner);
                string(out, String.valueOf(entry.getKey()));
                out.append(indent < 0 ? ":" : ": ");
                write(out, entry.getValue(), inner);
            }
            if (!map.isEmpty()) {
                newline(out, indent);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            int inner = indent < 0 ? -1 : indent + 1;
            out.append('[');
            int i = 0;
            for (Object item : list) {
                out.append(i++ == 0 ? "" : ",");
                newline(out, inner);
                write(out, item, inner);
            }
            if (!list.isEmpty()) {
                newline(out, indent);
            }
            out.append(']');
        } else {
            string(out, value.toString());
        }
    }

    private static void newline(StringBuilder out, int indent) {
        if (indent >= 0) {
            out.append('\n').append("  ".repeat(indent));
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
