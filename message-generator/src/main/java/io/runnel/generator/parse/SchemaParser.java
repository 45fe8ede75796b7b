package io.runnel.generator.parse;

import io.runnel.generator.model.ApiDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.SchemaFile;
import io.runnel.generator.model.VersionRange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one schema file (the format of {@code broker-protocol/src/main/schema/README.md}). The first line
 * with content is the header:
 * <pre>
 * api &lt;Name&gt; key=&lt;n&gt; versions=&lt;range&gt; flexible=&lt;from&gt;+|none [advertise=&lt;range&gt;]
 * message &lt;ClassName&gt; versions=&lt;range&gt; flexible=&lt;from&gt;+|none
 * </pre>
 * An {@code api} is followed by a {@code request} and a {@code response} section, each holding fields indented
 * two spaces; a {@code message} by its fields. The fields themselves are read by {@link FieldParser}.
 *
 * <p>Every error is a {@link SchemaException} naming the file and line.
 */
public final class SchemaParser {
    private static final Set<String> API_ATTRIBUTES = Set.of("key", "versions", "flexible", "advertise");
    private static final Set<String> MESSAGE_ATTRIBUTES = Set.of("versions", "flexible");
    /** Fields of a message or section are indented this much; each nesting level adds as much again. */
    static final int INDENT = 2;

    private final String fileName;
    private final SchemaLines lines;

    private SchemaParser(String fileName, List<String> lines) {
        this.fileName = fileName;
        this.lines = new SchemaLines(fileName, lines);
    }

    /**
     * Parses the lines of the file named {@code fileName}.
     *
     * @throws SchemaException on anything the format does not allow
     */
    public static SchemaFile parse(String fileName, List<String> lines) {
        return new SchemaParser(fileName, lines).file();
    }

    private SchemaFile file() {
        if (!lines.hasMore()) {
            return new SchemaFile(fileName, 0, Optional.empty(), List.of());
        }
        if (lines.indent() != 0) {
            throw lines.error("the header line ('api' or 'message') must not be indented");
        }
        String[] head = lines.words();
        int headLine = lines.number();
        lines.next();
        if (head.length < 2) {
            throw lines.error(headLine, "'" + head[0] + "' needs a name");
        }
        return switch (head[0]) {
            case "api" -> api(head, headLine);
            case "message" -> message(head, headLine);
            default -> throw lines.error(headLine, "expected 'api' or 'message', found '" + head[0] + "'");
        };
    }

    private SchemaFile api(String[] head, int headLine) {
        Map<String, String> attrs = attributes(head, headLine, API_ATTRIBUTES);
        String name = javaName(head[1], headLine);
        VersionRange versions = versions(attrs, headLine);
        ApiDef api = new ApiDef(name, apiKey(attrs, headLine), versions,
                attrs.containsKey("advertise") ? range(attrs, "advertise", headLine) : versions,
                flexible(attrs, headLine));
        MessageDef request = null;
        MessageDef response = null;
        while (lines.hasMore()) {
            String[] words = lines.words();
            boolean isRequest = words.length == 1 && words[0].equals("request");
            if (lines.indent() != 0 || !(isRequest || words.length == 1 && words[0].equals("response"))) {
                throw lines.error("expected 'request' or 'response', found '" + String.join(" ", words) + "'");
            }
            if (isRequest ? request != null : response != null) {
                throw lines.error("'" + words[0] + "' appears twice");
            }
            lines.next();
            MessageDef m = new MessageDef(api.name() + (isRequest ? "Request" : "Response"), api.key(), versions,
                    api.flexible());
            new FieldParser(lines, m).fields(m.root(), INDENT);
            if (isRequest) {
                request = m;
            } else {
                response = m;
            }
        }
        if (request == null || response == null) {
            throw lines.error(headLine, "api " + api.name() + " needs both a 'request' and a 'response' section");
        }
        return new SchemaFile(fileName, headLine, Optional.of(api), List.of(request, response));
    }

    private SchemaFile message(String[] head, int headLine) {
        Map<String, String> attrs = attributes(head, headLine, MESSAGE_ATTRIBUTES);
        MessageDef m = new MessageDef(javaName(head[1], headLine), MessageDef.NO_API, versions(attrs, headLine),
                flexible(attrs, headLine));
        new FieldParser(lines, m).fields(m.root(), INDENT);
        return new SchemaFile(fileName, headLine, Optional.empty(), List.of(m));
    }

    /** The versions a message is generated for: a closed range, since they become its HIGHEST_VERSION. */
    private VersionRange versions(Map<String, String> attrs, int line) {
        VersionRange versions = range(attrs, "versions", line);
        if (versions.isEmpty() || versions.isOpenEnded()) {
            throw lines.error(line, "versions=" + versions + ": must be a closed range A-B or one version");
        }
        return versions;
    }

    /** The {@code name=value} words after the name; each must be one of {@code known}, the known ones given once. */
    private Map<String, String> attributes(String[] words, int line, Set<String> known) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            String key = eq < 0 ? words[i] : words[i].substring(0, eq);
            if (!known.contains(key) || eq < 0) {
                throw lines.error(line, "unknown attribute '" + words[i] + "' (expected name=value, one of "
                        + new TreeSet<>(known) + ")");
            }
            if (map.put(key, words[i].substring(eq + 1)) != null) {
                throw lines.error(line, "attribute '" + key + "' given twice");
            }
        }
        return map;
    }

    private int apiKey(Map<String, String> attrs, int line) {
        String text = required(attrs, "key", line);
        try {
            int key = Integer.parseInt(text);
            if (key < 0 || key > Short.MAX_VALUE) {
                throw lines.error(line, "api key " + key + " is outside 0-" + Short.MAX_VALUE);
            }
            return key;
        } catch (NumberFormatException e) {
            throw lines.error(line, "api key '" + text + "' is not a number");
        }
    }

    private VersionRange flexible(Map<String, String> attrs, int line) {
        VersionRange flexible = range(attrs, "flexible", line);
        if (!flexible.isEmpty() && !flexible.isOpenEnded()) {
            throw lines.error(line, "flexible=" + attrs.get("flexible") + ": flexible versions are N+ or none");
        }
        return flexible;
    }

    private VersionRange range(Map<String, String> attrs, String key, int line) {
        return FieldParser.range(lines, required(attrs, key, line), key, line);
    }

    private String required(Map<String, String> attrs, String key, int line) {
        String value = attrs.get(key);
        if (value == null) {
            throw lines.error(line, "missing " + key + "=");
        }
        return value;
    }

    private String javaName(String name, int line) {
        if (!FieldParser.isJavaName(name) || !Character.isUpperCase(name.charAt(0))) {
            throw lines.error(line, "'" + name + "' is not a capitalised Java name");
        }
        return name;
    }
}
