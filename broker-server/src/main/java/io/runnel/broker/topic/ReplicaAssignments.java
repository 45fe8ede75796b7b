package io.runnel.broker.topic;

import java.util.List;

/**
 * Explicit replica assignments in CreateTopics and CreatePartitions, checked for a one-broker cluster: every
 * partition's replicas must be exactly this broker.
 */
public final class ReplicaAssignments {
    private ReplicaAssignments() {
    }

    /**
     * Checks the replicas of each partition of {@code topic}.
     *
     * @throws InvalidReplicaAssignmentException when a partition has no replica, several, or another broker
     */
    public static void check(String topic, List<List<Integer>> replicasPerPartition, int nodeId) {
        for (List<Integer> replicas : replicasPerPartition) {
            if (replicas.size() != 1 || replicas.get(0) != nodeId) {
                throw new InvalidReplicaAssignmentException("topic " + topic + ": replicas " + replicas
                        + " cannot be placed; the only broker is " + nodeId + ", so each partition's replicas must be ["
                        + nodeId + "]");
            }
        }
    }

    /**
     * Checks that CreateTopics assignments number their partitions 0..n-1, each once, and returns n.
     *
     * @throws InvalidReplicaAssignmentException otherwise
     */
    public static int partitionCount(String topic, List<Integer> partitionIndexes) {
        boolean[] seen = new boolean[partitionIndexes.size()];
        for (int index : partitionIndexes) {
            if (index < 0 || index >= seen.length || seen[index]) {
                throw new InvalidReplicaAssignmentException("topic " + topic + ": assignments must number partitions "
                        + "0 to " + (seen.length - 1) + " once each, not " + partitionIndexes);
            }
            seen[index] = true;
        }
        return seen.length;
    }
}
