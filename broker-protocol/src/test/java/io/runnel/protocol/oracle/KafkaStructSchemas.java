package io.runnel.protocol.oracle;

import org.apache.kafka.common.protocol.types.BoundField;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.TaggedFields;
import org.apache.kafka.common.protocol.types.Type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The wire schemas kafka-clients has for one struct (a message body or a nested struct) in a chosen set of
 * versions: which Java field of Kafka's message class a version carries, and the schemas of nested structs.
 *
 * <p>Kafka's schemas name fields in snake case ({@code leader_epoch}) while its message classes use camel case
 * ({@code leaderEpoch}); both come from one name, so they are matched with case and underscores ignored.
 */
public final class KafkaStructSchemas {
    private final SortedMap<Short, Schema> byVersion;

    private KafkaStructSchemas(SortedMap<Short, Schema> byVersion) {
        this.byVersion = Collections.unmodifiableSortedMap(byVersion);
    }

    /** The schemas of {@code schemas} (indexed by version, null where Kafka has none) from lowest to highest. */
    public static KafkaStructSchemas of(Schema[] schemas, short lowest, short highest) {
        SortedMap<Short, Schema> byVersion = new TreeMap<>();
        for (short v = lowest; v <= highest && v < schemas.length; v++) {
            if (v >= 0 && schemas[v] != null) {
                byVersion.put(v, schemas[v]);
            }
        }
        return new KafkaStructSchemas(byVersion);
    }

    /** The versions in this set, ascending. */
    public Iterable<Short> versions() {
        return byVersion.keySet();
    }

    /** Whether any version in this set carries Kafka's field {@code javaName}, as a plain or a tagged field. */
    public boolean carriesInAnyVersion(String javaName) {
        for (Schema schema : byVersion.values()) {
            if (find(schema, javaName) != null) {
                return true;
            }
        }
        return false;
    }

    /** The versions of this set that carry Kafka's field {@code javaName}, ascending. */
    public List<Short> versionsCarrying(String javaName) {
        List<Short> versions = new ArrayList<>();
        for (Map.Entry<Short, Schema> e : byVersion.entrySet()) {
            if (find(e.getValue(), javaName) != null) {
                versions.add(e.getKey());
            }
        }
        return versions;
    }

    /** Whether {@code version} is in this set and carries Kafka's field {@code javaName}. */
    public boolean carries(String javaName, short version) {
        Schema schema = byVersion.get(version);
        return schema != null && find(schema, javaName) != null;
    }

    /** This set narrowed to one version (empty if the version is not in it). */
    public KafkaStructSchemas at(short version) {
        SortedMap<Short, Schema> one = new TreeMap<>();
        Schema schema = byVersion.get(version);
        if (schema != null) {
            one.put(version, schema);
        }
        return new KafkaStructSchemas(one);
    }

    /**
     * The schemas of the struct held by field {@code javaName} (the struct itself or an array's element), in the
     * versions of this set that carry the field; empty when no version does or the field is not a struct.
     */
    public KafkaStructSchemas nested(String javaName) {
        SortedMap<Short, Schema> nested = new TreeMap<>();
        for (Map.Entry<Short, Schema> e : byVersion.entrySet()) {
            Field field = find(e.getValue(), javaName);
            if (field == null) {
                continue;
            }
            Type type = field.type;
            if (type.isArray()) {
                type = type.arrayElementType().orElseThrow();
            }
            if (type instanceof Schema struct) {
                nested.put(e.getKey(), struct);
            }
        }
        return new KafkaStructSchemas(nested);
    }

    private static Field find(Schema schema, String javaName) {
        String wanted = normalise(javaName);
        for (BoundField bound : schema.fields()) {
            if (bound.def.type instanceof TaggedFields tagged) {
                for (Field field : tagged.fields().values()) {
                    if (normalise(field.name).equals(wanted)) {
                        return field;
                    }
                }
            } else if (normalise(bound.def.name).equals(wanted)) {
                return bound.def;
            }
        }
        return null;
    }

    private static String normalise(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Kafka schemas of versions " + byVersion.keySet();
    }
}
