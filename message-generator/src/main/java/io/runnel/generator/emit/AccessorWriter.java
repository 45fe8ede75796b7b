package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.StructDef;
import io.runnel.generator.model.VersionRange;

/**
 * Emits a struct's fields, each initialised to its default, and per field a getter and a fluent setter,
 * named like the field, with the versions that carry it in the getter's Javadoc.
 */
final class AccessorWriter {
    private final StringBuilder out;

    AccessorWriter(StringBuilder out) {
        this.out = out;
    }

    void append(StructDef struct, String ind) {
        for (FieldDef f : struct.fields()) {
            out.append(ind).append("private ").append(f.type().javaType()).append(" ").append(f.name()).append(" = ")
                    .append(f.defaultLiteral()).append(";\n");
        }
        out.append("\n");
        for (FieldDef f : struct.fields()) {
            appendAccessors(struct.name(), f, ind);
        }
    }

    private void appendAccessors(String cls, FieldDef f, String ind) {
        String javaType = f.type().javaType();
        out.append(ind).append("/** Versions ").append(describe(f.versions()))
                .append(f.isTagged() ? ", tagged (tag " + f.tag() + ")" : "")
                .append(f.nullable().isEmpty() ? "" : ", nullable in " + describe(f.nullable()))
                .append(". */\n");
        out.append(ind).append("public ").append(javaType).append(" ").append(f.name()).append("() {\n");
        out.append(ind).append("    return ").append(f.name()).append(";\n").append(ind).append("}\n\n");
        out.append(ind).append("public ").append(cls).append(" ").append(f.name()).append("(").append(javaType)
                .append(" value) {\n");
        out.append(ind).append("    this.").append(f.name()).append(" = value;\n");
        out.append(ind).append("    return this;\n").append(ind).append("}\n\n");
    }

    /** {@code N+} or {@code A-B} (also for a single version, {@code 1-1}): how the Javadoc has always put it. */
    private static String describe(VersionRange r) {
        return r.lo() + (r.hi() == VersionRange.OPEN ? "+" : "-" + r.hi());
    }
}
