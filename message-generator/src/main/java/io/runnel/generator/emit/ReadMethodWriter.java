package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.StructDef;

/**
 * Emits a struct's {@code static read(ByteBuf, short version)}: the untagged fields in order, then (in
 * flexible versions) the tagged-field section, where a known tag is read only in the versions that carry
 * its field and every other tag is skipped.
 */
final class ReadMethodWriter extends CodecMethodWriter {

    ReadMethodWriter(StringBuilder out, MessageCoding coding) {
        super(out, coding);
    }

    @Override
    void append(StructDef struct, String ind, boolean root) {
        String cls = struct.name();
        out.append(ind).append("/** Decodes one ").append(cls)
                .append(" at {@code version}; bad input throws MalformedMessageException. */\n");
        out.append(ind).append("public static ").append(cls).append(" read(ByteBuf buf, short version) {\n");
        String in = ind + "    ";
        if (root) {
            appendVersionCheck(in, cls);
        }
        out.append(in).append(cls).append(" obj = new ").append(cls).append("();\n");
        appendUntaggedFields(in, struct);
        if (!coding.message().neverFlexible()) {
            appendTaggedFields(in, struct);
        }
        out.append(in).append("return obj;\n");
        out.append(ind).append("}\n\n");
    }

    private void appendTaggedFields(String in, StructDef struct) {
        out.append(in).append("if (flexible) {\n");
        out.append(in).append("    int tags = WireReader.readUnsignedVarint(buf);\n");
        out.append(in).append("    for (int t = 0; t < tags; t++) {\n");
        out.append(in).append("        int tag = WireReader.readUnsignedVarint(buf);\n");
        out.append(in).append("        switch (tag) {\n");
        for (FieldDef f : struct.taggedFields()) {
            out.append(in).append("            case ").append(f.tag()).append(" -> {\n");
            out.append(in).append("                if (").append(coding.condition(f.versions())).append(") {\n");
            out.append(in).append("                    ByteBuf body = WireReader.readTaggedFieldBody(buf);\n");
            appendField(in + "                    ", f, "body", true);
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

    @Override
    protected void appendField(String ind, FieldDef field, String buf, boolean inTaggedField) {
        field.type().appendRead(out, ind, coding.site(field, buf, inTaggedField), "obj." + field.name());
    }
}
