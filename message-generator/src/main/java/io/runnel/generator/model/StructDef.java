package io.runnel.generator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A struct: the root of a message or one of its nested structs, with its fields in schema order. Built by the
 * parser one field at a time (a struct is registered with its message before its fields are parsed, which
 * fixes the order of the nested classes); read-only for everything after.
 */
public final class StructDef {
    private final String name;
    private final List<FieldDef> fields = new ArrayList<>();

    public StructDef(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds a field at the end; the caller has checked that its name and tag are new to this struct. */
    public void add(FieldDef field) {
        fields.add(field);
    }

    /** Every field, in schema order. */
    public List<FieldDef> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** The field named {@code fieldName}, or null. */
    public FieldDef field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst().orElse(null);
    }

    /** The field tagged {@code tag}, or null. */
    public FieldDef taggedField(int tag) {
        return fields.stream().filter(f -> f.isTagged() && f.tag() == tag).findFirst().orElse(null);
    }

    /** The tagged fields, by ascending tag: the order they are written in. */
    public List<FieldDef> taggedFields() {
        return fields.stream().filter(FieldDef::isTagged).sorted(Comparator.comparingInt(FieldDef::tag)).toList();
    }

    @Override
    public String toString() {
        return name + fields.stream().map(FieldDef::name).toList();
    }
}
