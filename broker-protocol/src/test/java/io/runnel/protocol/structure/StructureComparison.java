package io.runnel.protocol.structure;

import io.runnel.protocol.oracle.KafkaStructSchemas;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares, recursively, the class tree Runnel generates for one message with the one kafka-clients generates:
 * the same field names, the same protocol types and the same nested struct class names, field by field.
 *
 * <p>Kafka's classes hold every field of every version Kafka knows. A Kafka field that no schema version within
 * Runnel's range carries (a newer version's field, or one of a version Runnel dropped) is allowed to be missing
 * from Runnel's class; which ones those are is read from Kafka's schemas, never listed by hand.
 */
public final class StructureComparison {
    private final String label;
    private final List<String> problems = new ArrayList<>();
    private final List<MissingField> allowedMissing = new ArrayList<>();
    private final List<StructPair> structs = new ArrayList<>();

    /** A Kafka field Runnel lacks, in the struct at {@code path} of the message. */
    public record MissingField(String path, String field) {
    }

    /** A Runnel struct class and the Kafka class it mirrors, found at {@code path} of the message. */
    public record StructPair(String path, Class<?> runnel, Class<?> kafka) {
    }

    private StructureComparison(String label) {
        this.label = label;
    }

    /**
     * Compares {@code runnel} with {@code kafka}; {@code schemas} are Kafka's schemas of the message in the
     * versions Runnel implements.
     *
     * @param label names the API and direction in every problem, e.g. "Metadata response"
     */
    public static StructureComparison of(String label, Class<?> runnel, Class<?> kafka, KafkaStructSchemas schemas) {
        StructureComparison comparison = new StructureComparison(label);
        comparison.compareStruct(runnel.getSimpleName(), runnel, kafka, schemas);
        return comparison;
    }

    /** One line per difference, each naming API, direction, struct path and field. */
    public List<String> problems() {
        return problems;
    }

    /** The message class pair and every nested struct class pair below it, outermost first. */
    public List<StructPair> structs() {
        return structs;
    }

    /** The Kafka fields Runnel may lack because no version in its range carries them, as struct paths. */
    public List<MissingField> allowedMissing() {
        return allowedMissing;
    }

    private void compareStruct(String path, Class<?> runnelType, Class<?> kafkaType, KafkaStructSchemas schemas) {
        structs.add(new StructPair(path, runnelType, kafkaType));
        StructFields runnel = StructFields.ofRunnel(runnelType);
        StructFields kafka = StructFields.ofKafka(kafkaType);
        String where = label + ": " + path + " (Runnel " + runnelType.getSimpleName() + ", Kafka "
                + kafkaType.getName().substring(kafkaType.getPackageName().length() + 1) + ")";
        List<String> unmatchedKafka = new ArrayList<>();
        for (String name : kafka.names()) {
            if (runnel.get(name) != null) {
                continue;
            }
            if (schemas.carriesInAnyVersion(name)) {
                problems.add(where + " field " + name + ": Runnel has no such field; Kafka carries it in versions "
                        + ranges(schemas.versionsCarrying(name)));
                unmatchedKafka.add(name);
            } else {
                allowedMissing.add(new MissingField(path, name));
            }
        }
        for (String name : runnel.names()) {
            StructFields.Access r = runnel.get(name);
            StructFields.Access k = kafka.get(name);
            if (k == null) {
                problems.add(where + " field " + name + ": Kafka has no field of this name"
                        + (unmatchedKafka.isEmpty() ? "" : " (Kafka fields Runnel lacks: " + unmatchedKafka + ")"));
                continue;
            }
            String runnelKind = ProtocolTypes.describe(r.type(), r.genericType());
            String kafkaKind = ProtocolTypes.describe(k.type(), k.genericType());
            if (!runnelKind.equals(kafkaKind)) {
                problems.add(where + " field " + name + ": Runnel type " + runnelKind + ", Kafka type " + kafkaKind);
            }
            Class<?> runnelStruct = structOf(r);
            Class<?> kafkaStruct = structOf(k);
            if (runnelStruct != null && kafkaStruct != null) {
                String child = path + "." + name + (r.isCollection() ? "[]" : "");
                compareStruct(child, runnelStruct, kafkaStruct, schemas.nested(name));
            }
        }
    }

    /** [1, 2, 3, 7] as "1-3, 7". */
    private static String ranges(List<Short> versions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < versions.size(); i++) {
            int start = i;
            while (i + 1 < versions.size() && versions.get(i + 1) == versions.get(i) + 1) {
                i++;
            }
            text.append(text.length() == 0 ? "" : ", ").append(versions.get(start));
            if (i > start) {
                text.append('-').append(versions.get(i));
            }
        }
        return text.toString();
    }

    /** The struct class a field holds directly or as array elements; null for value fields. */
    private static Class<?> structOf(StructFields.Access field) {
        Class<?> type = field.isCollection() ? field.elementType() : field.type();
        return StructFields.isStruct(type) ? type : null;
    }
}
