package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.StructDef;
import io.runnel.generator.types.JavaCondition;

/**
 * What the generated {@code read} and {@code write} of a struct share: the version check of a message's root
 * and the pass over the untagged fields in schema order, each guarded by its versions. Subclasses say what
 * is done with one field and add the tagged-field section.
 */
abstract class CodecMethodWriter {
    protected final StringBuilder out;
    protected final MessageCoding coding;

    CodecMethodWriter(StringBuilder out, MessageCoding coding) {
        this.out = out;
        this.coding = coding;
    }

    /** Appends the method for {@code struct}, indented {@code ind}; {@code root} for the message's own class. */
    abstract void append(StructDef struct, String ind, boolean root);

    /** Appends the statements coding {@code field} from/to {@code buf}. */
    protected abstract void appendField(String ind, FieldDef field, String buf, boolean inTaggedField);

    protected void appendVersionCheck(String in, String cls) {
        out.append(in).append("if (version < LOWEST_VERSION || version > HIGHEST_VERSION) {\n");
        out.append(in).append("    throw new IllegalArgumentException(\"").append(cls)
                .append(" does not support version \" + version);\n").append(in).append("}\n");
    }

    /** The {@code flexible} local, then each untagged field guarded by its versions; absent ones are skipped. */
    protected void appendUntaggedFields(String in, StructDef struct) {
        out.append(in).append("boolean flexible = version >= ").append(coding.firstFlexibleLiteral()).append(";\n");
        for (FieldDef f : struct.fields()) {
            if (f.isTagged()) {
                continue;
            }
            String cond = coding.condition(f.versions());
            if (JavaCondition.isFalse(cond)) {
                continue;
            }
            if (JavaCondition.isTrue(cond)) {
                appendField(in, f, "buf", false);
            } else {
                out.append(in).append("if (").append(cond).append(") {\n");
                appendField(in + "    ", f, "buf", false);
                out.append(in).append("}\n");
            }
        }
    }
}
