package io.runnel.protocol.structure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Compares the field values of a kafka-clients message object with those of a Runnel message object, field by
 * field by name and recursively through structs and arrays: numbers, booleans, strings (null is not ""), UUIDs
 * (Kafka's Uuid.ZERO_UUID equals Runnel's zero UUID), byte sequences by content, null versus empty arrays, null
 * versus present structs. Fields only one side has are left to {@link StructureComparison}.
 */
public final class ValueComparison {
    private final String label;
    private final List<String> problems = new ArrayList<>();

    private ValueComparison(String label) {
        this.label = label;
    }

    /**
     * One line per differing value, each naming {@code label} (API, direction, what is compared), the struct
     * path and the field; empty when every value matches.
     */
    public static List<String> compare(String label, Object kafka, Object runnel) {
        return compare(label, runnel.getClass().getSimpleName(), kafka, runnel);
    }

    /** As {@link #compare(String, Object, Object)} for structs found at {@code path} of a message. */
    public static List<String> compare(String label, String path, Object kafka, Object runnel) {
        ValueComparison comparison = new ValueComparison(label);
        comparison.compareStruct(path, kafka, runnel);
        return comparison.problems;
    }

    private void compareStruct(String path, Object kafka, Object runnel) {
        StructFields kafkaFields = StructFields.ofKafka(kafka.getClass());
        StructFields runnelFields = StructFields.ofRunnel(runnel.getClass());
        for (String name : runnelFields.names()) {
            StructFields.Access k = kafkaFields.get(name);
            if (k != null) {
                String where = label + ": " + path + " (" + runnel.getClass().getSimpleName() + ") field " + name;
                compareValue(where, path + "." + name, k.get(kafka), runnelFields.get(name).get(runnel));
            }
        }
    }

    private void compareValue(String where, String path, Object kafka, Object runnel) {
        if (kafka == null || runnel == null) {
            if (kafka != runnel) {
                problems.add(where + ": Kafka " + show(kafka) + ", Runnel " + show(runnel));
            }
            return;
        }
        if (kafka instanceof Collection<?> kafkaList && runnel instanceof Collection<?> runnelList) {
            if (kafkaList.size() != runnelList.size()) {
                problems.add(where + ": Kafka " + show(kafka) + ", Runnel " + show(runnel));
                return;
            }
            Iterator<?> r = runnelList.iterator();
            int i = 0;
            for (Object k : kafkaList) {
                compareValue(where + "[" + i + "]", path + "[" + i + "]", k, r.next());
                i++;
            }
            return;
        }
        if (StructFields.isStruct(kafka.getClass()) && StructFields.isStruct(runnel.getClass())) {
            compareStruct(path, kafka, runnel);
            return;
        }
        Object k = ProtocolTypes.comparable(kafka);
        Object r = ProtocolTypes.comparable(runnel);
        if (!Objects.equals(k, r)) {
            problems.add(where + ": Kafka " + show(k) + ", Runnel " + show(r));
        }
    }

    private static String show(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof Collection<?> c) {
            return "an array of " + c.size();
        }
        if (StructFields.isStruct(value.getClass())) {
            return "a " + value.getClass().getSimpleName();
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }
}
