package io.runnel.protocol.structure;

import io.runnel.protocol.oracle.KafkaStructSchemas;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.UUID;

/**
 * Fills fresh message objects for one version by reflection, touching only the fields Kafka's schema of that
 * version carries (Kafka refuses to write a non-default value a version lacks).
 */
public final class MessageFiller {
    private int next = 1;

    private MessageFiller() {
    }

    /**
     * Puts one default element into every array of {@code kafka} and, field by field by name, of {@code runnel}
     * (which may be null), at every depth; absent (null) arrays and structs are created first so the walk
     * reaches everything below them. {@code schemas} are Kafka's schemas of the struct at one version.
     */
    public static void addDefaultElements(Object kafka, Object runnel, KafkaStructSchemas schemas) {
        StructFields kafkaFields = StructFields.ofKafka(kafka.getClass());
        StructFields runnelFields = runnel == null ? null : StructFields.ofRunnel(runnel.getClass());
        for (String name : kafkaFields.names()) {
            if (!schemas.carriesInAnyVersion(name)) {
                continue;
            }
            StructFields.Access k = kafkaFields.get(name);
            StructFields.Access r = runnelFields == null ? null : runnelFields.get(name);
            if (r != null && r.isCollection() != k.isCollection()) {
                r = null;
            }
            if (k.isCollection()) {
                Object kafkaElement = defaultElement(k.elementType());
                Object runnelElement = r == null ? null : defaultElement(r.elementType());
                if (StructFields.isStruct(k.elementType())) {
                    addDefaultElements(kafkaElement, runnelElement, schemas.nested(name));
                }
                addTo(k, kafka, kafkaElement);
                if (r != null) {
                    addTo(r, runnel, runnelElement);
                }
            } else if (StructFields.isStruct(k.type())) {
                Object kafkaStruct = presentStruct(k, kafka);
                Object runnelStruct = r != null && StructFields.isStruct(r.type()) ? presentStruct(r, runnel) : null;
                addDefaultElements(kafkaStruct, runnelStruct, schemas.nested(name));
            }
        }
    }

    /**
     * Gives every field of {@code kafka} that {@code schemas} (one version) carries a value unlike any other
     * field's and unlike the defaults, with one element in every array, recursively; a decoder that swaps or
     * misnames fields then shows up as a value in the wrong place.
     */
    public static void fillDistinct(Object kafka, KafkaStructSchemas schemas) {
        new MessageFiller().fill(kafka, schemas);
    }

    private void fill(Object kafka, KafkaStructSchemas schemas) {
        StructFields fields = StructFields.ofKafka(kafka.getClass());
        for (String name : fields.names()) {
            if (!schemas.carriesInAnyVersion(name)) {
                continue;
            }
            StructFields.Access field = fields.get(name);
            if (field.isCollection()) {
                Collection<Object> list = newCollection(field);
                list.add(distinct(field.elementType(), schemas.nested(name)));
                field.set(kafka, list);
            } else {
                field.set(kafka, distinct(field.type(), schemas.nested(name)));
            }
        }
    }

    private Object distinct(Class<?> type, KafkaStructSchemas nested) {
        if (StructFields.isStruct(type)) {
            Object struct = StructFields.newInstance(type);
            fill(struct, nested);
            return struct;
        }
        int n = next++;
        if (type == boolean.class || type == Boolean.class) {
            return n % 2 == 1;
        } else if (type == byte.class || type == Byte.class) {
            return (byte) n;
        } else if (type == short.class || type == Short.class) {
            return (short) n;
        } else if (type == int.class || type == Integer.class) {
            return n;
        } else if (type == long.class || type == Long.class) {
            return n + 1_000_000_000_000L;
        } else if (type == double.class || type == Double.class) {
            return n + 0.25;
        } else if (type == String.class) {
            return "value" + n;
        } else if (type == Uuid.class) {
            return new Uuid(n, n);
        } else if (type == byte[].class) {
            return new byte[] {(byte) n, 1};
        } else if (type == ByteBuffer.class) {
            return ByteBuffer.wrap(new byte[] {(byte) n, 2});
        } else if (type == BaseRecords.class) {
            // Kafka's codec carries records as opaque bytes; these need not parse as a batch.
            return MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[] {(byte) n, 3, 4}));
        }
        throw new IllegalStateException("no distinct value for " + type.getName());
    }

    private static Object defaultElement(Class<?> type) {
        if (StructFields.isStruct(type)) {
            return StructFields.newInstance(type);
        } else if (type == Boolean.class) {
            return false;
        } else if (type == Byte.class) {
            return (byte) 0;
        } else if (type == Short.class) {
            return (short) 0;
        } else if (type == Integer.class) {
            return 0;
        } else if (type == Long.class) {
            return 0L;
        } else if (type == Double.class) {
            return 0.0;
        } else if (type == String.class) {
            return "";
        } else if (type == Uuid.class) {
            return Uuid.ZERO_UUID;
        } else if (type == UUID.class) {
            return new UUID(0L, 0L);
        }
        throw new IllegalStateException("no default array element for " + type.getName());
    }

    private static Object presentStruct(StructFields.Access field, Object owner) {
        Object struct = field.get(owner);
        if (struct == null) {
            struct = StructFields.newInstance(field.type());
            field.set(owner, struct);
        }
        return struct;
    }

    @SuppressWarnings("unchecked")
    private static void addTo(StructFields.Access field, Object owner, Object element) {
        Collection<Object> list = (Collection<Object>) field.get(owner);
        if (list == null) {
            list = newCollection(field);
            field.set(owner, list);
        }
        list.add(element);
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> newCollection(StructFields.Access field) {
        Class<?> type = field.type();
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return new ArrayList<>();
        }
        return (Collection<Object>) StructFields.newInstance(type);
    }
}
