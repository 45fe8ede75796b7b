import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates Runnel's Kafka message classes from the schema descriptions in {@code src/main/schema}.
 *
 * <p>Run at build time as a single-file program: {@code java MessageGenerator.java SCHEMA_DIR OUTPUT_DIR}. The
 * schema format is Runnel's own, described in {@code src/main/schema/README.md}. Output: one class per request
 * and response in {@code io.runnel.protocol.message}, the header classes, and the {@code io.runnel.protocol.ApiKey}
 * enum. The generated code reads and writes every supported version with no reflection.
 */
public final class MessageGenerator {
    static final String PACKAGE = "io.runnel.protocol.message";
    static final int OPEN = Short.MAX_VALUE;

    public static void main(String[] args) throws IOException {
        Path schemaDir = Path.of(args[0]);
        Path outRoot = Path.of(args[1]);
        Path messageDir = outRoot.resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(messageDir);
        List<Api> apis = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(schemaDir)) {
            files = s.filter(p -> p.toString().endsWith(".schema")).sorted().toList();
        }
        for (Path file : files) {
            SchemaParser parser = new SchemaParser(file, Files.readAllLines(file, StandardCharsets.UTF_8));
            for (Message m : parser.parse(apis)) {
                write(messageDir.resolve(m.className + ".java"), new ClassWriter(m).render());
            }
        }
        apis.sort(Comparator.comparingInt(a -> a.key));
        Path protocolDir = outRoot.resolve("io/runnel/protocol");
        write(protocolDir.resolve("ApiKey.java"), ApiKeyWriter.render(apis));
    }

    static void write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        if (Files.exists(path) && Files.readString(path).equals(content)) {
            return;
        }
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    /** An inclusive version range; hi == OPEN means "and later". Empty when lo > hi. */
    record Range(int lo, int hi) {
        static final Range NONE = new Range(1, 0);

        static Range parse(String text) {
            if (text.equals("none")) {
                return NONE;
            }
            if (text.endsWith("+")) {
                return new Range(Integer.parseInt(text.substring(0, text.length() - 1)), OPEN);
            }
            int dash = text.indexOf('-');
            if (dash < 0) {
                int v = Integer.parseInt(text);
                return new Range(v, v);
            }
            return new Range(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
        }

        boolean isEmpty() {
            return lo > hi;
        }

        boolean covers(Range other) {
            return isEmpty() ? other.isEmpty() : lo <= other.lo && hi >= other.hi;
        }

        Range intersect(Range other) {
            return new Range(Math.max(lo, other.lo), Math.min(hi, other.hi));
        }

        /** A Java condition on {@code version} that holds inside this range, given the message's own range. */
        String condition(Range within) {
            Range r = intersect(within);
            if (r.isEmpty()) {
                return "false";
            }
            if (r.covers(within)) {
                return "true";
            }
            if (r.lo <= within.lo) {
                return "version <= " + r.hi;
            }
            if (r.hi >= within.hi) {
                return "version >= " + r.lo;
            }
            return "(version >= " + r.lo + " && version <= " + r.hi + ")";
        }
    }

    static final class Field {
        String name;
        String type;          // primitive name, or struct name
        boolean array;
        Range versions;
        Range nullable = Range.NONE;
        Integer tag;
        String defaultValue;
        boolean noncompact;
        Struct struct;        // when the type (or element type) is a struct
        int line;

        boolean isStruct() {
            return struct != null;
        }
    }

    static final class Struct {
        final String name;
        final List<Field> fields = new ArrayList<>();

        Struct(String name) {
            this.name = name;
        }
    }

    static final class Message {
        String className;
        int apiKey = -1;
        Range versions;
        int flexibleFrom = OPEN;
        Struct root;
        final Map<String, Struct> structs = new LinkedHashMap<>();
    }

    static final class Api {
        String name;
        int key;
        Range versions;
        Range advertised;
        int flexibleFrom;
    }

    /**
     * Line-oriented, indentation-structured schema reader. Each field line is
     * {@code name type [vRANGE] [nullRANGE] [tag=N] [default=V] [noncompact]}; struct fields are followed by
     * their own fields indented two more spaces.
     */
    static final class SchemaParser {
        private final Path file;
        private final List<String> lines;
        private int pos;

        SchemaParser(Path file, List<String> lines) {
            this.file = file;
            this.lines = lines;
        }

        private IllegalStateException error(int line, String what) {
            return new IllegalStateException(file.getFileName() + ":" + (line + 1) + ": " + what);
        }

        private static String strip(String line) {
            int hash = line.indexOf('#');
            String s = hash >= 0 ? line.substring(0, hash) : line;
            return s.stripTrailing();
        }

        private static int indent(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        private void skipBlank() {
            while (pos < lines.size() && strip(lines.get(pos)).isBlank()) {
                pos++;
            }
        }

        private static Map<String, String> attributes(String[] words, int from) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = from; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                map.put(eq < 0 ? words[i] : words[i].substring(0, eq), eq < 0 ? "" : words[i].substring(eq + 1));
            }
            return map;
        }

        List<Message> parse(List<Api> apis) {
            List<Message> out = new ArrayList<>();
            skipBlank();
            if (pos >= lines.size()) {
                return out;
            }
            String[] head = strip(lines.get(pos)).trim().split("\\s+");
            int headLine = pos++;
            Map<String, String> attrs = attributes(head, 2);
            if (head[0].equals("api")) {
                Api api = new Api();
                api.name = head[1];
                api.key = Integer.parseInt(attrs.get("key"));
                api.versions = Range.parse(attrs.get("versions"));
                api.advertised = attrs.containsKey("advertise") ? Range.parse(attrs.get("advertise")) : api.versions;
                String flex = attrs.get("flexible");
                api.flexibleFrom = flex.equals("none") ? OPEN : Range.parse(flex).lo;
                apis.add(api);
                while (true) {
                    skipBlank();
                    if (pos >= lines.size()) {
                        break;
                    }
                    String section = strip(lines.get(pos)).trim();
                    int sectionLine = pos++;
                    Message m = new Message();
                    m.apiKey = api.key;
                    m.versions = api.versions;
                    m.flexibleFrom = api.flexibleFrom;
                    if (section.equals("request")) {
                        m.className = api.name + "Request";
                    } else if (section.equals("response")) {
                        m.className = api.name + "Response";
                    } else {
                        throw error(sectionLine, "expected 'request' or 'response', found '" + section + "'");
                    }
                    m.root = new Struct(m.className);
                    parseFields(m, m.root, 2);
                    out.add(m);
                }
            } else if (head[0].equals("message")) {
                Message m = new Message();
                m.className = head[1];
                m.versions = Range.parse(attrs.get("versions"));
                String flex = attrs.get("flexible");
                m.flexibleFrom = flex.equals("none") ? OPEN : Range.parse(flex).lo;
                m.root = new Struct(m.className);
                parseFields(m, m.root, 2);
                out.add(m);
            } else {
                throw error(headLine, "expected 'api' or 'message'");
            }
            return out;
        }

        private void parseFields(Message m, Struct struct, int level) {
            while (true) {
                skipBlank();
                if (pos >= lines.size()) {
                    return;
                }
                String raw = strip(lines.get(pos));
                int ind = indent(raw);
                if (ind < level) {
                    return;
                }
                if (ind > level) {
                    throw error(pos, "unexpected indentation " + ind + ", expected " + level);
                }
                int lineNo = pos++;
                String[] words = raw.trim().split("\\s+");
                if (words[0].equals("struct")) {
                    Struct common = new Struct(words[1]);
                    m.structs.put(common.name, common);
                    parseFields(m, common, level + 2);
                    continue;
                }
                if (words.length < 2) {
                    throw error(lineNo, "a field needs a name and a type");
                }
                Field f = new Field();
                f.line = lineNo;
                f.name = words[0];
                String type = words[1];
                if (type.startsWith("[]")) {
                    f.array = true;
                    type = type.substring(2);
                }
                f.type = type;
                f.versions = new Range(0, OPEN);
                for (int i = 2; i < words.length; i++) {
                    String w = words[i];
                    if (w.startsWith("v")) {
                        f.versions = Range.parse(w.substring(1));
                    } else if (w.startsWith("null")) {
                        f.nullable = Range.parse(w.substring(4));
                    } else if (w.startsWith("tag=")) {
                        f.tag = Integer.parseInt(w.substring(4));
                    } else if (w.startsWith("default=")) {
                        f.defaultValue = w.substring(8);
                    } else if (w.equals("noncompact")) {
                        f.noncompact = true;
                    } else {
                        throw error(lineNo, "unknown field attribute '" + w + "'");
                    }
                }
                if (!Types.isPrimitive(type)) {
                    if (!Character.isUpperCase(type.charAt(0))) {
                        throw error(lineNo, "unknown type '" + type + "'");
                    }
                    skipBlank();
                    boolean hasChildren = pos < lines.size() && indent(strip(lines.get(pos))) > level;
                    if (hasChildren) {
                        Struct child = new Struct(type);
                        if (m.structs.containsKey(type)) {
                            throw error(lineNo, "struct " + type + " is defined twice");
                        }
                        m.structs.put(type, child);
                        parseFields(m, child, level + 2);
                        f.struct = child;
                    } else {
                        f.struct = m.structs.get(type);
                        if (f.struct == null) {
                            throw error(lineNo, "struct " + type + " has no fields and is not defined earlier");
                        }
                    }
                }
                struct.fields.add(f);
            }
        }
    }

    /** Java types and wire expressions of the schema's primitive types. */
    static final class Types {
        static boolean isPrimitive(String t) {
            return switch (t) {
                case "bool", "int8", "int16", "uint16", "int32", "uint32", "int64", "varint", "varlong", "uuid",
                     "float64", "string", "bytes", "records" -> true;
                default -> false;
            };
        }

        static String javaType(String t) {
            return switch (t) {
                case "bool" -> "boolean";
                case "int8" -> "byte";
                case "int16" -> "short";
                case "uint16", "int32", "varint" -> "int";
                case "uint32", "int64", "varlong" -> "long";
                case "uuid" -> "UUID";
                case "float64" -> "double";
                case "string" -> "String";
                case "bytes" -> "byte[]";
                case "records" -> "ByteBuf";
                default -> t;
            };
        }

        static String boxed(String t) {
            return switch (javaType(t)) {
                case "boolean" -> "Boolean";
                case "byte" -> "Byte";
                case "short" -> "Short";
                case "int" -> "Integer";
                case "long" -> "Long";
                case "double" -> "Double";
                default -> javaType(t);
            };
        }

        /** Fewest bytes one element of this type takes, used to bound array counts read from the wire. */
        static int minBytes(String t) {
            return switch (t) {
                case "int16", "uint16" -> 2;
                case "int32", "uint32" -> 4;
                case "int64", "float64" -> 8;
                case "uuid" -> 16;
                default -> 1;
            };
        }
    }

    /** Renders one message class (and its nested structs) as Java source. */
    static final class ClassWriter {
        private final Message m;
        private final StringBuilder out = new StringBuilder();
        private final boolean neverFlexible;

        ClassWriter(Message m) {
            this.m = m;
            this.neverFlexible = m.flexibleFrom == OPEN;
        }

        String render() {
            out.append("package ").append(PACKAGE).append(";\n\n");
            out.append("import io.netty.buffer.ByteBuf;\n");
            out.append("import io.runnel.protocol.MalformedMessageException;\n");
            out.append("import io.runnel.protocol.types.WireReader;\n");
            out.append("import io.runnel.protocol.types.WireWriter;\n\n");
            out.append("import java.util.ArrayList;\nimport java.util.Arrays;\nimport java.util.List;\n");
            out.append("import java.util.Objects;\nimport java.util.UUID;\n\n");
            boolean api = m.apiKey >= 0;
            out.append("/**\n * ").append(m.className).append(", versions ").append(m.versions.lo).append(" to ")
                    .append(m.versions.hi).append(neverFlexible ? ", never flexible" : ", flexible from " + m.flexibleFrom)
                    .append(".\n * Generated by MessageGenerator from src/main/schema; do not edit.\n */\n");
            out.append("@SuppressWarnings({\"unused\", \"ConstantConditions\"})\n");
            out.append("public final class ").append(m.className).append(api ? " implements ApiMessage" : "").append(" {\n");
            if (api) {
                out.append("    public static final short API_KEY = ").append(m.apiKey).append(";\n");
            }
            out.append("    public static final short LOWEST_VERSION = ").append(m.versions.lo).append(";\n");
            out.append("    public static final short HIGHEST_VERSION = ").append(m.versions.hi).append(";\n");
            out.append("    /** First flexible version; Short.MAX_VALUE when the message is never flexible. */\n");
            out.append("    public static final short FIRST_FLEXIBLE_VERSION = ").append(neverFlexible ? "Short.MAX_VALUE" : String.valueOf(m.flexibleFrom)).append(";\n");
            out.append("    private static final UUID ZERO_UUID = new UUID(0L, 0L);\n");
            out.append("    private static final byte[] EMPTY_BYTES = new byte[0];\n\n");
            if (api) {
                out.append("    @Override\n    public short apiKey() {\n        return API_KEY;\n    }\n\n");
            }
            renderBody(m.root, "    ", true);
            for (Struct s : m.structs.values()) {
                out.append("\n    /** Nested struct ").append(s.name).append(" of ").append(m.className).append(". */\n");
                out.append("    public static final class ").append(s.name).append(" {\n");
                renderBody(s, "        ", false);
                out.append("    }\n");
            }
            out.append("}\n");
            return out.toString();
        }

        private String javaType(Field f) {
            String element = f.isStruct() ? f.struct.name : Types.javaType(f.type);
            if (f.array) {
                return "List<" + (f.isStruct() ? f.struct.name : Types.boxed(f.type)) + ">";
            }
            return element;
        }

        private String defaultLiteral(Field f) {
            String d = f.defaultValue;
            if (f.array) {
                return "null".equals(d) ? "null" : "new ArrayList<>(0)";
            }
            if (f.isStruct()) {
                return "null".equals(d) ? "null" : "new " + f.struct.name + "()";
            }
            switch (f.type) {
                case "bool":
                    return d == null ? "false" : d;
                case "int8":
                    return "(byte) " + number(d);
                case "int16":
                    return "(short) " + number(d);
                case "uint16":
                case "int32":
                case "varint":
                    return number(d);
                case "uint32":
                case "int64":
                case "varlong":
                    return number(d) + "L";
                case "float64":
                    return d == null ? "0.0" : d;
                case "uuid":
                    return "ZERO_UUID";
                case "string":
                    return d == null ? "\"\"" : d.equals("null") ? "null" : "\"" + d + "\"";
                case "bytes":
                    return "null".equals(d) ? "null" : "EMPTY_BYTES";
                case "records":
                    return "null";
                default:
                    throw new IllegalStateException("no default for type " + f.type);
            }
        }

        private static String number(String d) {
            if (d == null) {
                return "0";
            }
            if (d.startsWith("0x")) {
                return String.valueOf(Long.parseLong(d.substring(2), 16));
            }
            return String.valueOf(Long.parseLong(d));
        }

        private String isDefault(Field f, String expr) {
            String d = defaultLiteral(f);
            if (f.array) {
                return d.equals("null") ? expr + " == null" : "(" + expr + " != null && " + expr + ".isEmpty())";
            }
            if (f.isStruct()) {
                return d.equals("null") ? expr + " == null" : "new " + f.struct.name + "().equals(" + expr + ")";
            }
            switch (f.type) {
                case "string":
                case "uuid":
                    return "Objects.equals(" + expr + ", " + d + ")";
                case "bytes":
                    return d.equals("null") ? expr + " == null" : "(" + expr + " != null && " + expr + ".length == 0)";
                case "records":
                    return expr + " == null";
                default:
                    return expr + " == " + d;
            }
        }

        private String nullableCondition(Field f) {
            return f.nullable.condition(m.versions);
        }

        /** Whether compact encodings apply: a Java boolean expression. */
        private String compact(Field f, boolean tagged) {
            if (f.noncompact || neverFlexible) {
                return "false";
            }
            return tagged ? "true" : "flexible";
        }

        private static String choose(String cond, String ifTrue, String ifFalse) {
            if (cond.equals("true")) {
                return ifTrue;
            }
            if (cond.equals("false")) {
                return ifFalse;
            }
            return "(" + cond + " ? " + ifTrue + " : " + ifFalse + ")";
        }

        private String readPrimitive(String type, String compact, String nullable, String buf) {
            switch (type) {
                case "bool": return "WireReader.readBoolean(" + buf + ")";
                case "int8": return "WireReader.readInt8(" + buf + ")";
                case "int16": return "WireReader.readInt16(" + buf + ")";
                case "uint16": return "WireReader.readUint16(" + buf + ")";
                case "int32": return "WireReader.readInt32(" + buf + ")";
                case "uint32": return "WireReader.readUint32(" + buf + ")";
                case "int64": return "WireReader.readInt64(" + buf + ")";
                case "varint": return "WireReader.readVarint(" + buf + ")";
                case "varlong": return "WireReader.readVarlong(" + buf + ")";
                case "uuid": return "WireReader.readUuid(" + buf + ")";
                case "float64": return "WireReader.readFloat64(" + buf + ")";
                case "string":
                    return choose(compact,
                            choose(nullable, "WireReader.readCompactNullableString(" + buf + ")", "WireReader.readCompactString(" + buf + ")"),
                            choose(nullable, "WireReader.readNullableString(" + buf + ")", "WireReader.readString(" + buf + ")"));
                case "bytes":
                    return choose(compact,
                            choose(nullable, "WireReader.readCompactNullableBytes(" + buf + ")", "WireReader.readCompactBytes(" + buf + ")"),
                            choose(nullable, "WireReader.readNullableBytes(" + buf + ")", "WireReader.readBytes(" + buf + ")"));
                case "records":
                    return choose(compact, "WireReader.readCompactRecords(" + buf + ")", "WireReader.readRecords(" + buf + ")");
                default:
                    throw new IllegalStateException(type);
            }
        }

        private static String call(String cond, String method1, String method2, String buf, String v) {
            return call(cond, method1 + "(" + buf + ", " + v + ");", method2 + "(" + buf + ", " + v + ");");
        }

        /** One of two statements, chosen at generation time when the condition is constant. */
        private static String call(String cond, String ifTrue, String ifFalse) {
            if (cond.equals("true")) {
                return ifTrue;
            }
            if (cond.equals("false")) {
                return ifFalse;
            }
            return "if (" + cond + ") { " + ifTrue + " } else { " + ifFalse + " }";
        }

        private String writePrimitive(String type, String compact, String nullable, String buf, String v) {
            switch (type) {
                case "bool": return "WireWriter.writeBoolean(" + buf + ", " + v + ");";
                case "int8": return buf + ".writeByte(" + v + ");";
                case "int16": return buf + ".writeShort(" + v + ");";
                case "uint16": return buf + ".writeShort(" + v + ");";
                case "int32": return buf + ".writeInt(" + v + ");";
                case "uint32": return buf + ".writeInt((int) " + v + ");";
                case "int64": return buf + ".writeLong(" + v + ");";
                case "varint": return "WireWriter.writeVarint(" + buf + ", " + v + ");";
                case "varlong": return "WireWriter.writeVarlong(" + buf + ", " + v + ");";
                case "uuid": return "WireWriter.writeUuid(" + buf + ", " + v + ");";
                case "float64": return buf + ".writeDouble(" + v + ");";
                case "string":
                    return call(compact,
                            call(nullable, "WireWriter.writeCompactNullableString", "WireWriter.writeCompactString", buf, v),
                            call(nullable, "WireWriter.writeNullableString", "WireWriter.writeString", buf, v));
                case "bytes":
                    return call(compact,
                            call(nullable, "WireWriter.writeCompactNullableBytes", "WireWriter.writeCompactBytes", buf, v),
                            call(nullable, "WireWriter.writeNullableBytes", "WireWriter.writeBytes", buf, v));
                case "records":
                    return call(compact, "WireWriter.writeCompactRecords(" + buf + ", " + v + ");",
                            "WireWriter.writeRecords(" + buf + ", " + v + ");");
                default:
                    throw new IllegalStateException(type);
            }
        }

        private void emitRead(String ind, Field f, String target, String buf, boolean tagged) {
            String compact = compact(f, tagged);
            String nullable = nullableCondition(f);
            if (f.array) {
                String elem = f.isStruct() ? f.struct.name : Types.boxed(f.type);
                int min = f.isStruct() ? 1 : Types.minBytes(f.type);
                out.append(ind).append("{\n");
                out.append(ind).append("    int count = ").append(choose(compact,
                        "WireReader.readCompactArrayLength(" + buf + ", " + min + ")",
                        "WireReader.readArrayLength(" + buf + ", " + min + ")")).append(";\n");
                out.append(ind).append("    if (count < 0) {\n");
                if (!nullable.equals("false")) {
                    out.append(ind).append("        if (!(").append(nullable).append(")) {\n");
                    out.append(ind).append("            throw new MalformedMessageException(\"").append(f.name)
                            .append(" is null but not nullable at version \" + version);\n");
                    out.append(ind).append("        }\n");
                    out.append(ind).append("        ").append(target).append(" = null;\n");
                } else {
                    out.append(ind).append("        throw new MalformedMessageException(\"").append(f.name)
                            .append(" is null but not nullable at version \" + version);\n");
                }
                out.append(ind).append("    } else {\n");
                out.append(ind).append("        ArrayList<").append(elem).append("> list = new ArrayList<>(count);\n");
                out.append(ind).append("        for (int i = 0; i < count; i++) {\n");
                String elemRead = f.isStruct() ? f.struct.name + ".read(" + buf + ", version)"
                        : readPrimitive(f.type, compact, "false", buf);
                out.append(ind).append("            list.add(").append(elemRead).append(");\n");
                out.append(ind).append("        }\n");
                out.append(ind).append("        ").append(target).append(" = list;\n");
                out.append(ind).append("    }\n");
                out.append(ind).append("}\n");
            } else if (f.isStruct()) {
                if (nullable.equals("false")) {
                    out.append(ind).append(target).append(" = ").append(f.struct.name).append(".read(").append(buf).append(", version);\n");
                } else {
                    out.append(ind).append("if (").append(nullable).append(" && WireReader.readInt8(").append(buf).append(") < 0) {\n");
                    out.append(ind).append("    ").append(target).append(" = null;\n");
                    out.append(ind).append("} else {\n");
                    out.append(ind).append("    ").append(target).append(" = ").append(f.struct.name).append(".read(").append(buf).append(", version);\n");
                    out.append(ind).append("}\n");
                }
            } else {
                out.append(ind).append(target).append(" = ").append(readPrimitive(f.type, compact, nullable, buf)).append(";\n");
            }
        }

        private void emitWrite(String ind, Field f, String value, String buf, boolean tagged) {
            String compact = compact(f, tagged);
            String nullable = nullableCondition(f);
            if (f.array) {
                String elem = f.isStruct() ? f.struct.name : Types.boxed(f.type);
                out.append(ind).append("if (").append(value).append(" == null) {\n");
                if (!nullable.equals("false")) {
                    out.append(ind).append("    if (!(").append(nullable).append(")) {\n");
                    out.append(ind).append("        throw new IllegalArgumentException(\"").append(f.name)
                            .append(" is null but not nullable at version \" + version);\n");
                    out.append(ind).append("    }\n");
                    out.append(ind).append("    if (").append(compact).append(") { WireWriter.writeCompactArrayLength(")
                            .append(buf).append(", -1); } else { WireWriter.writeArrayLength(").append(buf).append(", -1); }\n");
                } else {
                    out.append(ind).append("    throw new IllegalArgumentException(\"").append(f.name)
                            .append(" is null but not nullable at version \" + version);\n");
                }
                out.append(ind).append("} else {\n");
                out.append(ind).append("    if (").append(compact).append(") { WireWriter.writeCompactArrayLength(")
                        .append(buf).append(", ").append(value).append(".size()); } else { WireWriter.writeArrayLength(")
                        .append(buf).append(", ").append(value).append(".size()); }\n");
                out.append(ind).append("    for (int i = 0, n = ").append(value).append(".size(); i < n; i++) {\n");
                out.append(ind).append("        ").append(elem).append(" element = ").append(value).append(".get(i);\n");
                if (f.isStruct()) {
                    out.append(ind).append("        element.write(").append(buf).append(", version);\n");
                } else {
                    out.append(ind).append("        ").append(writePrimitive(f.type, compact, "false", buf, "element")).append("\n");
                }
                out.append(ind).append("    }\n");
                out.append(ind).append("}\n");
            } else if (f.isStruct()) {
                if (nullable.equals("false")) {
                    out.append(ind).append(value).append(".write(").append(buf).append(", version);\n");
                } else {
                    out.append(ind).append("if (").append(nullable).append(") {\n");
                    out.append(ind).append("    if (").append(value).append(" == null) {\n");
                    out.append(ind).append("        ").append(buf).append(".writeByte(-1);\n");
                    out.append(ind).append("    } else {\n");
                    out.append(ind).append("        ").append(buf).append(".writeByte(1);\n");
                    out.append(ind).append("        ").append(value).append(".write(").append(buf).append(", version);\n");
                    out.append(ind).append("    }\n");
                    out.append(ind).append("} else {\n");
                    out.append(ind).append("    ").append(value).append(".write(").append(buf).append(", version);\n");
                    out.append(ind).append("}\n");
                }
            } else {
                out.append(ind).append(writePrimitive(f.type, compact, nullable, buf, value)).append("\n");
            }
        }

        private void emitVersionCheck(String in, String cls) {
            out.append(in).append("if (version < LOWEST_VERSION || version > HIGHEST_VERSION) {\n");
            out.append(in).append("    throw new IllegalArgumentException(\"").append(cls)
                    .append(" does not support version \" + version);\n").append(in).append("}\n");
        }

        /** The flexible flag, then each untagged field in schema order, guarded by its version range. */
        private void emitUntaggedFields(String in, Struct s, boolean read) {
            out.append(in).append("boolean flexible = version >= ").append(neverFlexible ? "Short.MAX_VALUE" : m.flexibleFrom).append(";\n");
            for (Field f : s.fields) {
                if (f.tag != null) {
                    continue;
                }
                String cond = f.versions.condition(m.versions);
                if (cond.equals("false")) {
                    continue;
                }
                String ind = cond.equals("true") ? in : in + "    ";
                if (!cond.equals("true")) {
                    out.append(in).append("if (").append(cond).append(") {\n");
                }
                if (read) {
                    emitRead(ind, f, "obj." + f.name, "buf", false);
                } else {
                    emitWrite(ind, f, "this." + f.name, "buf", false);
                }
                if (!cond.equals("true")) {
                    out.append(in).append("}\n");
                }
            }
        }

        private void renderBody(Struct s, String ind, boolean root) {
            String cls = s.name;
            List<Field> tagged = new ArrayList<>();
            for (Field f : s.fields) {
                if (f.tag != null) {
                    tagged.add(f);
                }
            }
            tagged.sort(Comparator.comparingInt(f -> f.tag));
            for (Field f : s.fields) {
                out.append(ind).append("private ").append(javaType(f)).append(" ").append(f.name).append(" = ")
                        .append(defaultLiteral(f)).append(";\n");
            }
            out.append("\n");
            for (Field f : s.fields) {
                out.append(ind).append("/** Versions ").append(f.versions.lo).append(f.versions.hi == OPEN ? "+" : "-" + f.versions.hi)
                        .append(f.tag != null ? ", tagged (tag " + f.tag + ")" : "")
                        .append(f.nullable.isEmpty() ? "" : ", nullable in " + f.nullable.lo + (f.nullable.hi == OPEN ? "+" : "-" + f.nullable.hi))
                        .append(". */\n");
                out.append(ind).append("public ").append(javaType(f)).append(" ").append(f.name).append("() {\n");
                out.append(ind).append("    return ").append(f.name).append(";\n").append(ind).append("}\n\n");
                out.append(ind).append("public ").append(cls).append(" ").append(f.name).append("(").append(javaType(f))
                        .append(" value) {\n");
                out.append(ind).append("    this.").append(f.name).append(" = value;\n");
                out.append(ind).append("    return this;\n").append(ind).append("}\n\n");
            }

            // read
            out.append(ind).append("/** Decodes one ").append(cls).append(" at {@code version}; bad input throws MalformedMessageException. */\n");
            out.append(ind).append("public static ").append(cls).append(" read(ByteBuf buf, short version) {\n");
            String in = ind + "    ";
            if (root) {
                emitVersionCheck(in, cls);
            }
            out.append(in).append(cls).append(" obj = new ").append(cls).append("();\n");
            emitUntaggedFields(in, s, true);
            if (!neverFlexible) {
                out.append(in).append("if (flexible) {\n");
                out.append(in).append("    int tags = WireReader.readUnsignedVarint(buf);\n");
                out.append(in).append("    for (int t = 0; t < tags; t++) {\n");
                out.append(in).append("        int tag = WireReader.readUnsignedVarint(buf);\n");
                out.append(in).append("        switch (tag) {\n");
                for (Field f : tagged) {
                    out.append(in).append("            case ").append(f.tag).append(" -> {\n");
                    String cond = f.versions.condition(m.versions);
                    out.append(in).append("                if (").append(cond).append(") {\n");
                    out.append(in).append("                    ByteBuf body = WireReader.readTaggedFieldBody(buf);\n");
                    emitRead(in + "                    ", f, "obj." + f.name, "body", true);
                    out.append(in).append("                } else {\n");
                    out.append(in).append("                    WireReader.skipTaggedField(buf);\n");
                    out.append(in).append("                }\n");
                    out.append(in).append("            }\n");
                }
                out.append(in).append("            default -> WireReader.skipTaggedField(buf);\n");
                out.append(in).append("        }\n");
                out.append(in).append("    }\n");
                out.append(in).append("}\n");
            }
            out.append(in).append("return obj;\n");
            out.append(ind).append("}\n\n");

            // write
            out.append(ind).append("/** Encodes this ").append(cls).append(" at {@code version}; fields the version lacks are left out. */\n");
            if (root && m.apiKey >= 0) {
                out.append(ind).append("@Override\n");
            }
            out.append(ind).append("public void write(ByteBuf buf, short version) {\n");
            if (root) {
                emitVersionCheck(in, cls);
            }
            emitUntaggedFields(in, s, false);
            if (!neverFlexible) {
                out.append(in).append("if (flexible) {\n");
                out.append(in).append("    int tags = 0;\n");
                for (Field f : tagged) {
                    out.append(in).append("    if (").append(f.versions.condition(m.versions)).append(" && !(")
                            .append(isDefault(f, "this." + f.name)).append(")) {\n");
                    out.append(in).append("        tags++;\n").append(in).append("    }\n");
                }
                out.append(in).append("    WireWriter.writeUnsignedVarint(buf, tags);\n");
                for (Field f : tagged) {
                    out.append(in).append("    if (").append(f.versions.condition(m.versions)).append(" && !(")
                            .append(isDefault(f, "this." + f.name)).append(")) {\n");
                    out.append(in).append("        WireWriter.writeUnsignedVarint(buf, ").append(f.tag).append(");\n");
                    out.append(in).append("        ByteBuf body = buf.alloc().heapBuffer();\n");
                    out.append(in).append("        try {\n");
                    emitWrite(in + "            ", f, "this." + f.name, "body", true);
                    out.append(in).append("            WireWriter.writeUnsignedVarint(buf, body.readableBytes());\n");
                    out.append(in).append("            buf.writeBytes(body);\n");
                    out.append(in).append("        } finally {\n");
                    out.append(in).append("            body.release();\n");
                    out.append(in).append("        }\n");
                    out.append(in).append("    }\n");
                }
                out.append(in).append("}\n");
            }
            out.append(ind).append("}\n\n");

            // equals / hashCode / toString
            out.append(ind).append("@Override\n").append(ind).append("public boolean equals(Object o) {\n");
            out.append(in).append("if (this == o) {\n").append(in).append("    return true;\n").append(in).append("}\n");
            out.append(in).append("if (!(o instanceof ").append(cls).append(" other)) {\n").append(in)
                    .append("    return false;\n").append(in).append("}\n");
            out.append(in).append("return true");
            for (Field f : s.fields) {
                out.append("\n").append(in).append("        && ");
                if (!f.array && !f.isStruct() && f.type.equals("bytes")) {
                    out.append("Arrays.equals(").append(f.name).append(", other.").append(f.name).append(")");
                } else if (!f.array && !f.isStruct() && f.type.equals("float64")) {
                    out.append("Double.compare(").append(f.name).append(", other.").append(f.name).append(") == 0");
                } else if (!f.array && !f.isStruct() && !Types.javaType(f.type).equals(Types.boxed(f.type))) {
                    out.append(f.name).append(" == other.").append(f.name);
                } else {
                    out.append("Objects.equals(").append(f.name).append(", other.").append(f.name).append(")");
                }
            }
            out.append(";\n").append(ind).append("}\n\n");
            out.append(ind).append("@Override\n").append(ind).append("public int hashCode() {\n");
            out.append(in).append("int h = 1;\n");
            for (Field f : s.fields) {
                out.append(in).append("h = 31 * h + ");
                if (!f.array && !f.isStruct() && f.type.equals("bytes")) {
                    out.append("Arrays.hashCode(").append(f.name).append(");\n");
                } else if (!f.array && !f.isStruct() && !Types.javaType(f.type).equals(Types.boxed(f.type))) {
                    out.append(Types.boxed(f.type)).append(".hashCode(").append(f.name).append(");\n");
                } else {
                    out.append("Objects.hashCode(").append(f.name).append(");\n");
                }
            }
            out.append(in).append("return h;\n").append(ind).append("}\n\n");
            out.append(ind).append("@Override\n").append(ind).append("public String toString() {\n");
            out.append(in).append("return \"").append(cls).append("(\"");
            boolean first = true;
            for (Field f : s.fields) {
                out.append("\n").append(in).append("        + \"").append(first ? "" : ", ").append(f.name).append("=\" + ");
                if (!f.array && !f.isStruct() && f.type.equals("bytes")) {
                    out.append("(").append(f.name).append(" == null ? \"null\" : ").append(f.name).append(".length + \" bytes\")");
                } else {
                    out.append(f.name);
                }
                first = false;
            }
            out.append("\n").append(in).append("        + \")\";\n").append(ind).append("}\n");
        }
    }

    /** Renders the ApiKey enum: every API's key, version ranges and message decoders. */
    static final class ApiKeyWriter {
        static String constantName(String camel) {
            return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
        }

        static String render(List<Api> apis) {
            StringBuilder b = new StringBuilder();
            b.append("package io.runnel.protocol;\n\n");
            b.append("import io.netty.buffer.ByteBuf;\n");
            b.append("import io.runnel.protocol.message.*;\n\n");
            b.append("/**\n * Every Kafka API Runnel speaks, with the version range it implements and advertises and the first\n");
            b.append(" * flexible version. Generated by MessageGenerator from src/main/schema; do not edit.\n */\n");
            b.append("public enum ApiKey {\n");
            for (int i = 0; i < apis.size(); i++) {
                Api a = apis.get(i);
                b.append("    ").append(constantName(a.name)).append("((short) ").append(a.key).append(", \"").append(a.name)
                        .append("\", (short) ").append(a.versions.lo).append(", (short) ").append(a.versions.hi)
                        .append(", (short) ").append(a.advertised.lo).append(", (short) ").append(a.advertised.hi)
                        .append(", ").append(a.flexibleFrom == OPEN ? "Short.MAX_VALUE" : "(short) " + a.flexibleFrom)
                        .append(")").append(i + 1 < apis.size() ? ",\n" : ";\n\n");
            }
            int maxKey = apis.isEmpty() ? 0 : apis.get(apis.size() - 1).key;
            b.append("    private static final ApiKey[] BY_ID = new ApiKey[").append(maxKey + 1).append("];\n\n");
            b.append("    static {\n        for (ApiKey k : values()) {\n            BY_ID[k.id] = k;\n        }\n    }\n\n");
            b.append("""
                        private final short id;
                        private final String apiName;
                        private final short lowestVersion;
                        private final short highestVersion;
                        private final short advertisedLowestVersion;
                        private final short advertisedHighestVersion;
                        private final short firstFlexibleVersion;

                        ApiKey(short id, String apiName, short lowestVersion, short highestVersion,
                               short advertisedLowestVersion, short advertisedHighestVersion, short firstFlexibleVersion) {
                            this.id = id;
                            this.apiName = apiName;
                            this.lowestVersion = lowestVersion;
                            this.highestVersion = highestVersion;
                            this.advertisedLowestVersion = advertisedLowestVersion;
                            this.advertisedHighestVersion = advertisedHighestVersion;
                            this.firstFlexibleVersion = firstFlexibleVersion;
                        }

                        /** The API for a key read from the wire, or null when Runnel does not know it. */
                        public static ApiKey forId(short id) {
                            return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
                        }

                        public short id() {
                            return id;
                        }

                        /** Kafka's name of the API, e.g. "Produce". */
                        public String apiName() {
                            return apiName;
                        }

                        /** Lowest version Runnel decodes and answers. */
                        public short lowestVersion() {
                            return lowestVersion;
                        }

                        public short highestVersion() {
                            return highestVersion;
                        }

                        /** Lowest version advertised in ApiVersions; may be below lowestVersion where Kafka does so. */
                        public short advertisedLowestVersion() {
                            return advertisedLowestVersion;
                        }

                        public short advertisedHighestVersion() {
                            return advertisedHighestVersion;
                        }

                        /** First flexible version, Short.MAX_VALUE when never flexible. */
                        public short firstFlexibleVersion() {
                            return firstFlexibleVersion;
                        }

                        public boolean isVersionSupported(short version) {
                            return version >= lowestVersion && version <= highestVersion;
                        }

                        public boolean isFlexible(short version) {
                            return version >= firstFlexibleVersion;
                        }

                        /** Request header v2 for flexible versions, v1 otherwise. */
                        public short requestHeaderVersion(short version) {
                            return isFlexible(version) ? (short) 2 : (short) 1;
                        }

                        /** Response header v1 for flexible versions, v0 otherwise; ApiVersions always v0. */
                        public short responseHeaderVersion(short version) {
                            return this != API_VERSIONS && isFlexible(version) ? (short) 1 : (short) 0;
                        }

                    """);
            for (String kind : new String[] {"Request", "Response"}) {
                b.append("    /** Decodes a ").append(kind.toLowerCase()).append(" body of this API at {@code version}. */\n");
                b.append("    public ApiMessage read").append(kind).append("(ByteBuf buf, short version) {\n");
                b.append("        return switch (this) {\n");
                for (Api a : apis) {
                    b.append("            case ").append(constantName(a.name)).append(" -> ").append(a.name).append(kind)
                            .append(".read(buf, version);\n");
                }
                b.append("        };\n    }\n\n");
            }
            b.setLength(b.length() - 1);
            b.append("}\n");
            return b.toString();
        }
    }
}
