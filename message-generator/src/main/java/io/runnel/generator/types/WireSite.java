package io.runnel.generator.types;

/**
 * Where and how one field is read or written: the field's name (for error messages), the {@code ByteBuf}
 * variable, and two Java boolean expressions over {@code version}/{@code flexible}: whether compact
 * (KIP-482) encodings apply and whether the value may be null.
 */
public record WireSite(String fieldName, String buf, String compact, String nullable) {
}
