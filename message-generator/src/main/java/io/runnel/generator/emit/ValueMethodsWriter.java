package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.StructDef;

/** Emits a struct's {@code equals}, {@code hashCode} and {@code toString} over all its fields, as each type asks. */
final class ValueMethodsWriter {
    private final StringBuilder out;

    ValueMethodsWriter(StringBuilder out) {
        this.out = out;
    }

    void append(StructDef struct, String ind) {
        String cls = struct.name();
        String in = ind + "    ";
        out.append(ind).append("@Override\n").append(ind).append("public boolean equals(Object o) {\n");
        out.append(in).append("if (this == o) {\n").append(in).append("    return true;\n").append(in).append("}\n");
        out.append(in).append("if (!(o instanceof ").append(cls).append(" other)) {\n").append(in)
                .append("    return false;\n").append(in).append("}\n");
        out.append(in).append("return true");
        for (FieldDef f : struct.fields()) {
            out.append("\n").append(in).append("        && ").append(f.type().equalsTerm(f.name()));
        }
        out.append(";\n").append(ind).append("}\n\n");

        out.append(ind).append("@Override\n").append(ind).append("public int hashCode() {\n");
        out.append(in).append("int h = 1;\n");
        for (FieldDef f : struct.fields()) {
            out.append(in).append("h = 31 * h + ").append(f.type().hashTerm(f.name())).append(";\n");
        }
        out.append(in).append("return h;\n").append(ind).append("}\n\n");

        out.append(ind).append("@Override\n").append(ind).append("public String toString() {\n");
        out.append(in).append("return \"").append(cls).append("(\"");
        String separator = "";
        for (FieldDef f : struct.fields()) {
            out.append("\n").append(in).append("        + \"").append(separator).append(f.name()).append("=\" + ")
                    .append(f.type().toStringTerm(f.name()));
            separator = ", ";
        }
        out.append("\n").append(in).append("        + \")\";\n").append(ind).append("}\n");
    }
}
