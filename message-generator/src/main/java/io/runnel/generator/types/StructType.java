package io.runnel.generator.types;

/**
 * A struct: a nested class of the message with its own {@code read}/{@code write}. Only the name is kept
 * here; the struct's fields belong to the model. Where nullable, the struct is preceded by an int8 marker
 * (-1 null, 1 present). Its default is a new empty instance ({@code default=null} makes it null).
 */
public record StructType(String name) implements ElementType {

    @Override
    public String javaType() {
        return name;
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        return NullableTypes.nullOnlyDefault(schemaDefault, this, "new " + name + "()");
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return defaultLiteral.equals("null") ? expr + " == null" : "new " + name + "().equals(" + expr + ")";
    }

    @Override
    public String readElement(String buf, String compact) {
        return name + ".read(" + buf + ", version)";
    }

    @Override
    public String writeElement(String buf, String compact, String value) {
        return value + ".write(" + buf + ", version);";
    }

    @Override
    public void appendRead(StringBuilder out, String ind, WireSite site, String target) {
        String read = readElement(site.buf(), site.compact());
        if (JavaCondition.isFalse(site.nullable())) {
            out.append(ind).append(target).append(" = ").append(read).append(";\n");
            return;
        }
        out.append(ind).append("if (").append(site.nullable()).append(" && WireReader.readInt8(").append(site.buf())
                .append(") < 0) {\n");
        out.append(ind).append("    ").append(target).append(" = null;\n");
        out.append(ind).append("} else {\n");
        out.append(ind).append("    ").append(target).append(" = ").append(read).append(";\n");
        out.append(ind).append("}\n");
    }

    @Override
    public void appendWrite(StringBuilder out, String ind, WireSite site, String value) {
        String write = writeElement(site.buf(), site.compact(), value);
        if (JavaCondition.isFalse(site.nullable())) {
            out.append(ind).append(write).append("\n");
            return;
        }
        out.append(ind).append("if (").append(site.nullable()).append(") {\n");
        out.append(ind).append("    if (").append(value).append(" == null) {\n");
        out.append(ind).append("        ").append(site.buf()).append(".writeByte(-1);\n");
        out.append(ind).append("    } else {\n");
        out.append(ind).append("        ").append(site.buf()).append(".writeByte(1);\n");
        out.append(ind).append("        ").append(write).append("\n");
        out.append(ind).append("    }\n");
        out.append(ind).append("} else {\n");
        out.append(ind).append("    ").append(write).append("\n");
        out.append(ind).append("}\n");
    }

    @Override
    public String toString() {
        return name;
    }
}
