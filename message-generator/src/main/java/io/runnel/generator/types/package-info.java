/**
 * The field types of Runnel's schema format and their mapping to Java: one class per kind of type
 * ({@link io.runnel.generator.types.PrimitiveType}, string, bytes, records, struct, array), behind the sealed
 * {@link io.runnel.generator.types.FieldType}. Code for a field is produced by asking its type.
 *
 * <p>Invariants: a type knows nothing of versions; anything version-dependent (compact encodings,
 * nullability) reaches it as a Java condition in a {@link io.runnel.generator.types.WireSite}, and a condition
 * that is the literal {@code true} or {@code false} is resolved at generation time. Arrays hold only
 * {@link io.runnel.generator.types.ElementType}s, so nested arrays cannot be expressed. This package depends on
 * no other package of the generator.
 *
 * <p>To add a fixed-size type, add a {@link io.runnel.generator.types.PrimitiveType} constant. Any other scalar
 * is a class implementing {@link io.runnel.generator.types.ScalarType}, named in its {@code permits} clause and in
 * {@link io.runnel.generator.types.ScalarType#all()}. The parser and the emitters need no change either way.
 */
package io.runnel.generator.types;
