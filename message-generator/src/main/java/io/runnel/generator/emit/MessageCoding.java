package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.VersionRange;
import io.runnel.generator.types.JavaCondition;
import io.runnel.generator.types.WireSite;

/**
 * What one message's versions make of its fields in generated code: the Java condition on {@code version}
 * under which a version range applies, and the {@link WireSite} (compact? nullable?) a field is coded at.
 * Conditions are as short as the message's own version range allows: a field present in all of the
 * message's versions gets {@code true}, one present in none {@code false}.
 */
final class MessageCoding {
    private final MessageDef message;

    MessageCoding(MessageDef message) {
        this.message = message;
    }

    MessageDef message() {
        return message;
    }

    /** A Java condition on {@code version} that holds exactly for the message's versions inside {@code range}. */
    String condition(VersionRange range) {
        VersionRange within = message.versions();
        VersionRange r = range.intersect(within);
        if (r.isEmpty()) {
            return JavaCondition.FALSE;
        }
        if (r.covers(within)) {
            return JavaCondition.TRUE;
        }
        if (r.lo() <= within.lo()) {
            return "version <= " + r.hi();
        }
        if (r.hi() >= within.hi()) {
            return "version >= " + r.lo();
        }
        return "(version >= " + r.lo() + " && version <= " + r.hi() + ")";
    }

    /**
     * Where {@code field} is read from or written to {@code buf}. Compact encodings apply in flexible versions
     * (the local {@code flexible} of the generated method), always inside a tagged field (tagged fields exist
     * only in flexible versions), and never to a {@code noncompact} field or in a never-flexible message.
     */
    WireSite site(FieldDef field, String buf, boolean inTaggedField) {
        String compact;
        if (field.noncompact() || message.neverFlexible()) {
            compact = JavaCondition.FALSE;
        } else {
            compact = inTaggedField ? JavaCondition.TRUE : "flexible";
        }
        return new WireSite(field.name(), buf, compact, condition(field.nullable()));
    }

    /** The first flexible version as a Java constant expression. */
    String firstFlexibleLiteral() {
        return message.neverFlexible() ? "Short.MAX_VALUE" : String.valueOf(message.firstFlexible());
    }
}
