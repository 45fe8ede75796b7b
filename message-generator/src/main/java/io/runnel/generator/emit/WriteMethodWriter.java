package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.StructDef;

/**
 * Emits a struct's {@code write(ByteBuf, short version)}: the untagged fields in order, then (in flexible
 * versions) the tagged fields that the version carries and that differ from their default, by ascending
 * tag, each as tag, length and a body built in a scratch buffer.
 */
final class WriteMethodWriter extends CodecMethodWriter {

    WriteMethodWriter(StringBuilder out, MessageCoding coding) {
        super(out, coding);
    }

    @Override
    void append(StructDef struct, String ind, boolean root) {
        String cls = struct.name();
        out.append(ind).append("/** Encodes this ").append(cls)
                .append(" at {@code version}; fields the version lacks are left out. */\n");
        if (root && coding.message().isApi()) {
            out.append(ind).append("@Override\n");
        }
        out.append(ind).append("public void write(ByteBuf buf, short version) {\n");
        String in = ind + "    ";
        if (root) {
            appendVersionCheck(in, cls);
        }
        appendUntaggedFields(in, struct);
        if (!coding.message().neverFlexible()) {
            appendTaggedFields(in, struct);
        }
        out.append(ind).append("}\n\n");
    }

    private void appendTaggedFields(String in, StructDef struct) {
        out.append(in).append("if (flexible) {\n");
        out.append(in).append("    int tags = 0;\n");
        for (FieldDef f : struct.taggedFields()) {
            out.append(in).append("    if (").append(present(f)).append(") {\n");
            out.append(in).append("        tags++;\n").append(in).append("    }\n");
        }
        out.append(in).append("    WireWriter.writeUnsignedVarint(buf, tags);\n");
        for (FieldDef f : struct.taggedFields()) {
            out.append(in).append("    if (").append(present(f)).append(") {\n");
            out.append(in).append("        WireWriter.writeUnsignedVarint(buf, ").append(f.tag()).append(");\n");
            out.append(in).append("        ByteBuf body = buf.alloc().heapBuffer();\n");
            out.append(in).append("        try {\n");
            appendField(in + "            ", f, "body", true);
            out.append(in).append("            WireWriter.writeUnsignedVarint(buf, body.readableBytes());\n");
            out.append(in).append("            buf.writeBytes(body);\n");
            out.append(in).append("        } finally {\n");
            out.append(in).append("            body.release();\n");
            out.append(in).append("        }\n");
            out.append(in).append("    }\n");
        }
        out.append(in).append("}\n");
    }

    /** Whether tagged field {@code f} goes on the wire: the version carries it and it is not at its default. */
    private String present(FieldDef f) {
        String value = "this." + f.name();
        return coding.condition(f.versions()) + " && !(" + f.type().isDefault(value, f.defaultLiteral()) + ")";
    }

    @Override
    protected void appendField(String ind, FieldDef field, String buf, boolean inTaggedField) {
        field.type().appendWrite(out, ind, coding.site(field, buf, inTaggedField), "this." + field.name());
    }
}
