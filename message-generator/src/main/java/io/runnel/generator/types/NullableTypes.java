package io.runnel.generator.types;

/**
 * What the types that can hold null share: a default that is either the type's empty value or null, the
 * test for it, and the four WireReader/WireWriter variants of a length-prefixed value ({@code read<Noun>},
 * {@code readNullable<Noun>}, {@code readCompact<Noun>}, {@code readCompactNullable<Noun>}, the same for write)
 * chosen by the compact and nullable conditions.
 */
final class NullableTypes {
    private NullableTypes() {
    }

    static String read(String noun, String buf, String compact, String nullable) {
        return JavaCondition.pick(compact,
                JavaCondition.pick(nullable, readCall("CompactNullable" + noun, buf), readCall("Compact" + noun, buf)),
                JavaCondition.pick(nullable, readCall("Nullable" + noun, buf), readCall(noun, buf)));
    }

    static String write(String noun, String buf, String compact, String nullable, String value) {
        return JavaCondition.branch(compact,
                JavaCondition.branch(nullable, writeCall("CompactNullable" + noun, buf, value),
                        writeCall("Compact" + noun, buf, value)),
                JavaCondition.branch(nullable, writeCall("Nullable" + noun, buf, value), writeCall(noun, buf, value)));
    }

    private static String readCall(String suffix, String buf) {
        return "WireReader.read" + suffix + "(" + buf + ")";
    }

    private static String writeCall(String suffix, String buf, String value) {
        return "WireWriter.write" + suffix + "(" + buf + ", " + value + ");";
    }

    /**
     * The initialiser of a reference type whose only schema default is {@code null}: {@code ifAbsent} when no
     * default is given.
     *
     * @throws IllegalArgumentException for any other default text
     */
    static String nullOnlyDefault(String schemaDefault, Object type, String ifAbsent) {
        if (schemaDefault == null) {
            return ifAbsent;
        }
        if (!schemaDefault.equals("null")) {
            throw new IllegalArgumentException("a " + type + " default can only be null, not '" + schemaDefault + "'");
        }
        return "null";
    }

    /** Whether {@code expr} is at its default: null, or not null and {@code emptyTest} (on {@code expr}) holds. */
    static String isDefault(String expr, String defaultLiteral, String emptyTest) {
        return defaultLiteral.equals("null") ? expr + " == null" : "(" + expr + " != null && " + emptyTest + ")";
    }
}
