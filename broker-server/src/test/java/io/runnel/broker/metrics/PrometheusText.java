package io.runnel.broker.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every line must be a
 * well-formed {@code # HELP}, {@code # TYPE} or sample line; every sample must belong to a family declared by a
 * {@code # TYPE} line before it (with the suffixes its type allows); label values must be correctly escaped; no
 * series may appear twice. Anything else throws {@link IllegalArgumentException} naming the line.
 */
final class PrometheusText {
    /** One sample: metric name, labels (sorted), value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": " + line;
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                String name = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
                checkName(name, where);
                if (!helped.add(name)) {
                    throw new IllegalArgumentException("HELP given twice, " + where);
                }
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !Set.of("counter", "gauge", "histogram", "summary", "untyped")
                        .contains(parts[1])) {
                    throw new IllegalArgumentException("bad TYPE, " + where);
                }
                checkName(parts[0], where);
                if (types.put(parts[0], parts[1]) != null) {
                    throw new IllegalArgumentException("TYPE given twice, " + where);
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if (line.isEmpty()) {
                throw new IllegalArgumentException("empty line, " + where);
            } else {
                Sample s;
                try {
                    s = sample(line, where);
                } catch (IndexOutOfBoundsException e) {
                    throw new IllegalArgumentException("sample line cut short, " + where, e);
                }
                if (family(s.name, types) == null) {
                    throw new IllegalArgumentException("sample of an undeclared family, " + where);
                }
                if (!seen.add(s.name + s.labels)) {
                    throw new IllegalArgumentException("series repeated, " + where);
                }
                samples.add(s);
            }
        }
        return new PrometheusText(samples, types);
    }

    /** The family (TYPE name) a sample name belongs to, given the suffixes each type allows; null if none. */
    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count", "_info")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type != null && allows(type, suffix)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static boolean allows(String type, String suffix) {
        return switch (type) {
            case "counter" -> suffix.equals("_total") || suffix.equals("_created");
            case "histogram" -> Set.of("_bucket", "_sum", "_count", "_created").contains(suffix);
            case "summary" -> Set.of("_sum", "_count", "_created").contains(suffix);
            case "gauge" -> suffix.equals("_info");
            default -> false;
        };
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        checkName(name, where);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw new IllegalArgumentException("bad label name " + label + ", " + where);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted, " + where);
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        value.append(switch (e) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException("bad escape \\" + e + ", " + where);
                        });
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label repeated, " + where);
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected , or } after a label, " + where);
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no value, " + where);
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing text, " + where);
        }
        double value = switch (rest[0]) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(rest[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value, " + where);
                }
            }
        };
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value);
    }

    private static void checkName(String name, String where) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("bad metric name '" + name + "', " + where);
        }
    }

    /** Every sample. */
    List<Sample> samples() {
        return samples;
    }

    /** The declared type of a family, or null. */
    String type(String family) {
        return types.get(family);
    }

    /** Samples named {@code name} whose labels include all of {@code labels} (name, value pairs). */
    List<Sample> find(String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name.equals(name) && s.labels.entrySet().containsAll(wanted.entrySet())) {
                out.add(s);
            }
        }
        return out;
    }

    /** The value of the one sample {@code name} with {@code labels}; fails when there is not exactly one. */
    double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labels) + ", found " + found);
        }
        return found.get(0).value;
    }
}
