/**
 * Runnel's message generator: reads the schema files of {@code broker-protocol/src/main/schema} and writes
 * the Java message classes and the {@code ApiKey} enum that broker-protocol compiles. A build tool, never on
 * any runtime class path.
 *
 * <p>The pipeline is {@link io.runnel.generator.parse} (text → model) → {@link io.runnel.generator.model}
 * (schema, messages, structs, fields, version ranges) → {@link io.runnel.generator.emit} (model → Java source),
 * with {@link io.runnel.generator.types} giving each field type its Java mapping and wire calls.
 *
 * <p>Invariant: the output is a pure function of the schema files, so an unchanged schema gives unchanged
 * bytes (and an untouched file on disk). The generated code uses no reflection.
 */
package io.runnel.generator;
