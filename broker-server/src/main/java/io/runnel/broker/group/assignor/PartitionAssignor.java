package io.runnel.broker.group.assignor;

import java.util.Map;

/**
 * A server-side assignor of the KIP-848 consumer protocol: computes the target assignment of a whole group. It must
 * be deterministic (the same spec gives the same result), give each partition to at most one member, and give a
 * member only partitions of topics it subscribes to.
 */
public interface PartitionAssignor {

    /** The name members ask for in {@code ServerAssignor} ({@code uniform}, {@code range}). */
    String name();

    /** Member id → its target assignment, with an entry (possibly empty) for every member of the spec. */
    Map<String, Assignment> assign(AssignmentSpec spec);
}
