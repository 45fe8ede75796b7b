package io.runnel.generator.parse;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.StructDef;
import io.runnel.generator.model.VersionRange;
import io.runnel.generator.types.ArrayType;
import io.runnel.generator.types.ElementType;
import io.runnel.generator.types.FieldType;
import io.runnel.generator.types.ScalarType;
import io.runnel.generator.types.StructType;

import javax.lang.model.SourceVersion;
import java.util.Optional;

/**
 * Reads the fields of one message, one line each:
 * <pre>
 * &lt;name&gt; &lt;type&gt; [v&lt;range&gt;] [null&lt;range&gt;] [tag=&lt;n&gt;] [default=&lt;value&gt;] [noncompact]
 * </pre>
 * A field whose type is a capitalised name not defined before is an inline struct: its fields follow, indented
 * two more spaces. {@code struct <Name>} declares a struct that is not itself a field, for later reference.
 * Structs are registered with the message before their fields are read.
 */
final class FieldParser {
    private final SchemaLines lines;
    private final MessageDef message;

    FieldParser(SchemaLines lines, MessageDef message) {
        this.lines = lines;
        this.message = message;
    }

    /** Reads the fields at indentation {@code level} into {@code struct}, up to the first line indented less. */
    void fields(StructDef struct, int level) {
        while (lines.hasMore()) {
            int indent = lines.indent();
            if (indent < level) {
                return;
            }
            if (indent > level) {
                throw lines.error("unexpected indentation " + indent + ", expected " + level);
            }
            String[] words = lines.words();
            int line = lines.number();
            lines.next();
            if (words[0].equals("struct")) {
                if (words.length != 2) {
                    throw lines.error(line, "expected 'struct <Name>'");
                }
                fields(newStruct(words[1], line), level + SchemaParser.INDENT);
                continue;
            }
            if (words.length < 2) {
                throw lines.error(line, "a field needs a name and a type");
            }
            FieldDef field = field(words, line, level);
            if (struct.field(field.name()) != null) {
                throw lines.error(line, "field " + field.name() + " appears twice in " + struct.name());
            }
            if (field.isTagged() && struct.taggedField(field.tag()) != null) {
                throw lines.error(line, "tag " + field.tag() + " is taken by field "
                        + struct.taggedField(field.tag()).name() + " of " + struct.name());
            }
            struct.add(field);
        }
    }

    private FieldDef field(String[] words, int line, int level) {
        String name = words[0];
        if (!isJavaName(name)) {
            throw lines.error(line, "field name '" + name + "' is not a Java name");
        }
        VersionRange versions = VersionRange.ALL;
        VersionRange nullable = VersionRange.NONE;
        int tag = FieldDef.UNTAGGED;
        String schemaDefault = null;
        boolean noncompact = false;
        for (int i = 2; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("v")) {
                versions = range(lines, w.substring(1), "field versions", line);
            } else if (w.startsWith("null")) {
                nullable = range(lines, w.substring(4), "nullable versions", line);
            } else if (w.startsWith("tag=")) {
                tag = tag(w.substring(4), line);
            } else if (w.startsWith("default=")) {
                schemaDefault = w.substring(8);
            } else if (w.equals("noncompact")) {
                noncompact = true;
            } else {
                throw lines.error(line, "unknown field attribute '" + w + "'");
            }
        }
        FieldType type = type(words[1], line, level);
        if (!nullable.isEmpty() && !type.canBeNull()) {
            throw lines.error(line, "type " + type + " cannot be null (null" + nullable + ")");
        }
        if (tag != FieldDef.UNTAGGED && message.neverFlexible()) {
            throw lines.error(line, "tagged field " + name + " in " + message.className()
                    + ", which is never flexible");
        }
        FieldDef field = new FieldDef(name, type, versions, nullable, tag, schemaDefault, noncompact, line);
        try {
            field.defaultLiteral();
        } catch (IllegalArgumentException e) {
            throw lines.error(line, "bad default for " + name + ": " + e.getMessage());
        }
        return field;
    }

    /** The type a field line names; an inline struct's fields are read here, before the field is added. */
    private FieldType type(String word, int line, int level) {
        boolean array = word.startsWith("[]");
        String base = array ? word.substring(2) : word;
        Optional<ScalarType> scalar = ScalarType.named(base);
        ElementType element;
        if (scalar.isPresent()) {
            element = scalar.get();
        } else if (base.isEmpty() || !Character.isUpperCase(base.charAt(0))) {
            throw lines.error(line, "unknown type '" + base + "'");
        } else if (lines.hasMore() && lines.indent() > level) {
            fields(newStruct(base, line), level + SchemaParser.INDENT);
            element = new StructType(base);
        } else if (message.struct(base) != null) {
            element = new StructType(base);
        } else {
            throw lines.error(line, "struct " + base + " has no fields and is not defined earlier");
        }
        return array ? new ArrayType(element) : element;
    }

    private StructDef newStruct(String name, int line) {
        if (!isJavaName(name) || !Character.isUpperCase(name.charAt(0))) {
            throw lines.error(line, "struct name '" + name + "' is not a capitalised Java name");
        }
        if (name.equals(message.className())) {
            throw lines.error(line, "struct " + name + " has the name of its message");
        }
        StructDef struct = new StructDef(name);
        if (!message.addStruct(struct)) {
            throw lines.error(line, "struct " + name + " is defined twice");
        }
        return struct;
    }

    private int tag(String text, int line) {
        try {
            int tag = Integer.parseInt(text);
            if (tag >= 0) {
                return tag;
            }
        } catch (NumberFormatException e) {
            // reported below, with the text
        }
        throw lines.error(line, "tag '" + text + "' is not a number 0 or more");
    }

    /** Parses a version range, the error naming what it is and the line. */
    static VersionRange range(SchemaLines lines, String text, String what, int line) {
        try {
            return VersionRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw lines.error(line, what + ": " + e.getMessage());
        }
    }

    static boolean isJavaName(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
    }
}
