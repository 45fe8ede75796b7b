package io.runnel.broker.group.consumer;

import io.runnel.broker.group.assignor.Assignment;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assignment a group moves towards, computed by its server assignor for one group epoch: member id → target
 * partitions. Members reconcile to it one step at a time; a member absent from it has an empty target.
 *
 * @param epoch   the group epoch it was computed for (the "assignment epoch")
 * @param members member id → target partitions
 */
public record TargetAssignment(int epoch, Map<String, Assignment> members) {

    /** The target of a group that never computed one. */
    public static final TargetAssignment INITIAL = new TargetAssignment(0, Map.of());

    public TargetAssignment {
        members = Collections.unmodifiableMap(new TreeMap<>(members));
    }

    /** The target partitions of {@code memberId}, empty when it has none. */
    public Assignment of(String memberId) {
        return members.getOrDefault(memberId, Assignment.EMPTY);
    }

    /** This target with {@code from}'s partitions given to {@code to} (a static member replaced under a new id). */
    TargetAssignment renameMember(String from, String to) {
        Map<String, Assignment> copy = new TreeMap<>(members);
        Assignment assignment = copy.remove(from);
        if (assignment != null) {
            copy.put(to, assignment);
        }
        return new TargetAssignment(epoch, copy);
    }
}
