package io.runnel.generator.model;

import io.runnel.generator.types.FieldType;

import java.util.Objects;

/**
 * One field of a struct, as one schema line declares it.
 *
 * @param name          the Java field and accessor name
 * @param type          the field's type
 * @param versions      the versions that carry the field ({@code v<range>}; all when absent)
 * @param nullable      the versions in which the field may be null ({@code null<range>}; none when absent)
 * @param tag           the tag of a tagged field ({@code tag=<n>}), or {@link #UNTAGGED}
 * @param schemaDefault the {@code default=} text, or null when absent (the type's own default applies)
 * @param noncompact    keeps the non-compact encoding even in flexible versions (the request header's client id)
 * @param line          the 1-based line of the schema file that declared the field
 */
public record FieldDef(String name, FieldType type, VersionRange versions, VersionRange nullable, int tag,
                       String schemaDefault, boolean noncompact, int line) {
    public static final int UNTAGGED = -1;

    public FieldDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(nullable, "nullable");
        if (tag < UNTAGGED) {
            throw new IllegalArgumentException("tag " + tag + " of field " + name + " is negative");
        }
    }

    public boolean isTagged() {
        return tag != UNTAGGED;
    }

    /** The Java initialiser of the field: the schema default, or the type's own. */
    public String defaultLiteral() {
        return type.defaultLiteral(schemaDefault);
    }
}
