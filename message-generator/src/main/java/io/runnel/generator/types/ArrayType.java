package io.runnel.generator.types;

/**
 * An array of scalars or structs, a {@code List} in Java. On the wire: an int32 count, or unsigned varint
 * count + 1 when compact; -1 (compact: 0) is null, which only the field's nullable versions accept. A count
 * read from the wire is bounded by the bytes left and the element's smallest size before anything is
 * allocated. The default is an empty list ({@code default=null} makes it null).
 */
public record ArrayType(ElementType element) implements FieldType {

    @Override
    public String javaType() {
        return "List<" + element.elementJavaType() + ">";
    }

    @Override
    public String defaultLiteral(String schemaDefault) {
        return NullableTypes.nullOnlyDefault(schemaDefault, this, "new ArrayList<>(0)");
    }

    @Override
    public String isDefault(String expr, String defaultLiteral) {
        return NullableTypes.isDefault(expr, defaultLiteral, expr + ".isEmpty()");
    }

    @Override
    public void appendRead(StringBuilder out, String ind, WireSite site, String target) {
        String buf = site.buf();
        String notNullable = "throw new MalformedMessageException(\"" + site.fieldName()
                + " is null but not nullable at version \" + version);\n";
        out.append(ind).append("{\n");
        out.append(ind).append("    int count = ").append(JavaCondition.pick(site.compact(),
                "WireReader.readCompactArrayLength(" + buf + ", " + element.minWireBytes() + ")",
                "WireReader.readArrayLength(" + buf + ", " + element.minWireBytes() + ")")).append(";\n");
        out.append(ind).append("    if (count < 0) {\n");
        appendNull(out, ind + "        ", site.nullable(), notNullable, target + " = null;");
        out.append(ind).append("    } else {\n");
        out.append(ind).append("        ArrayList<").append(element.elementJavaType())
                .append("> list = new ArrayList<>(count);\n");
        out.append(ind).append("        for (int i = 0; i < count; i++) {\n");
        out.append(ind).append("            list.add(").append(element.readElement(buf, site.compact())).append(");\n");
        out.append(ind).append("        }\n");
        out.append(ind).append("        ").append(target).append(" = list;\n");
        out.append(ind).append("    }\n");
        out.append(ind).append("}\n");
    }

    @Override
    public void appendWrite(StringBuilder out, String ind, WireSite site, String value) {
        String buf = site.buf();
        String notNullable = "throw new IllegalArgumentException(\"" + site.fieldName()
                + " is null but not nullable at version \" + version);\n";
        out.append(ind).append("if (").append(value).append(" == null) {\n");
        appendNull(out, ind + "    ", site.nullable(), notNullable, writeLength(site, "-1"));
        out.append(ind).append("} else {\n");
        out.append(ind).append("    ").append(writeLength(site, value + ".size()")).append("\n");
        out.append(ind).append("    for (int i = 0, n = ").append(value).append(".size(); i < n; i++) {\n");
        out.append(ind).append("        ").append(element.elementJavaType()).append(" element = ").append(value)
                .append(".get(i);\n");
        out.append(ind).append("        ").append(element.writeElement(buf, site.compact(), "element")).append("\n");
        out.append(ind).append("    }\n");
        out.append(ind).append("}\n");
    }

    /** What a null array does: {@code refusal} where the version does not allow null, else {@code onNull}. */
    private static void appendNull(StringBuilder out, String ind, String nullable, String refusal, String onNull) {
        if (JavaCondition.isFalse(nullable)) {
            out.append(ind).append(refusal);
            return;
        }
        out.append(ind).append("if (!(").append(nullable).append(")) {\n");
        out.append(ind).append("    ").append(refusal);
        out.append(ind).append("}\n");
        out.append(ind).append(onNull).append("\n");
    }

    /** An {@code if} even for a constant {@code compact}, as generated code always had it; javac drops the dead arm. */
    private static String writeLength(WireSite site, String length) {
        return "if (" + site.compact() + ") { WireWriter.writeCompactArrayLength(" + site.buf() + ", " + length
                + "); } else { WireWriter.writeArrayLength(" + site.buf() + ", " + length + "); }";
    }

    @Override
    public String toString() {
        return "[]" + element;
    }
}
