package io.runnel.broker.group.assignor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side assignors a broker offers, by name, with the one used when no member asks for one. The first
 * assignor given is the default, as Kafka's {@code group.consumer.assignors} list does.
 */
public final class Assignors {

    private final Map<String, PartitionAssignor> byName;
    private final PartitionAssignor defaultAssignor;

    public Assignors(List<PartitionAssignor> assignors) {
        if (assignors.isEmpty()) {
            throw new IllegalArgumentException("At least one server assignor is required");
        }
        Map<String, PartitionAssignor> map = new LinkedHashMap<>();
        for (PartitionAssignor assignor : assignors) {
            if (map.put(assignor.name(), assignor) != null) {
                throw new IllegalArgumentException("Two server assignors are named " + assignor.name());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.defaultAssignor = assignors.get(0);
    }

    /** {@code uniform} (the default) and {@code range}, as Kafka 4.x offers. */
    public static Assignors standard() {
        return new Assignors(List.of(new UniformAssignor(), new RangeAssignor()));
    }

    public Optional<PartitionAssignor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public PartitionAssignor defaultAssignor() {
        return defaultAssignor;
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
