package io.runnel.protocol.oracle;

import java.util.List;

/** Bytes written by {@link RandomSchemaWriter} and the places where they hold lengths and counts. */
public record GeneratedBytes(byte[] bytes, List<LengthField> lengthFields) {
}
