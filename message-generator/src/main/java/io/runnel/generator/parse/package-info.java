/**
 * Reads Runnel's schema format ({@code broker-protocol/src/main/schema/README.md}) into the model of
 * {@link io.runnel.generator.model}. {@link io.runnel.generator.parse.SchemaParser} reads the header and the
 * request/response sections, {@link io.runnel.generator.parse.FieldParser} the fields and structs.
 *
 * <p>Invariants: the parser rejects what the format does not allow rather than guessing, with a
 * {@link io.runnel.generator.parse.SchemaException} that names the file and the 1-based line; what it returns
 * passes every check the model promises. The parser reads lines given to it and does no I/O.
 */
package io.runnel.generator.parse;
