/**
 * The parsed schema: {@link io.runnel.generator.model.SchemaFile} → {@link io.runnel.generator.model.MessageDef}
 * (plus an {@link io.runnel.generator.model.ApiDef} for the {@code ApiKey} table) →
 * {@link io.runnel.generator.model.StructDef} → {@link io.runnel.generator.model.FieldDef}, each field with a
 * {@link io.runnel.generator.types.FieldType} and {@link io.runnel.generator.model.VersionRange}s.
 *
 * <p>Invariants: the parser hands over a model that is checked (every struct type a field names is a struct
 * of the same message; names and tags are unique within a struct; flexible versions are {@code N+} or none),
 * so the emitters never fail on it. Nothing here produces Java source.
 */
package io.runnel.generator.model;
