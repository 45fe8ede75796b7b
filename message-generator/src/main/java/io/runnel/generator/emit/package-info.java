/**
 * Turns the model into Java source: {@link io.runnel.generator.emit.MessageClassWriter} one class per message
 * (built from {@code AccessorWriter}, {@code ReadMethodWriter}, {@code WriteMethodWriter} and
 * {@code ValueMethodsWriter}), {@link io.runnel.generator.emit.ApiKeyWriter} the {@code ApiKey} table.
 * {@code MessageCoding} turns version ranges into conditions on {@code version}; everything about a field's
 * type comes from its {@link io.runnel.generator.types.FieldType}.
 *
 * <p>Invariants: emitters never inspect a type's name, and the same model always gives the same text,
 * character for character (the build's incremental compile and the before/after diff of a refactoring rely
 * on it). Generated reads check lengths and counts before allocating; generated code uses no reflection.
 */
package io.runnel.generator.emit;
