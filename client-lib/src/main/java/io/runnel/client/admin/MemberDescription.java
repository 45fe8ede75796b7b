package io.runnel.client.admin;

import io.runnel.client.TopicPartition;

import java.util.Set;

/**
 * One member of a described group.
 *
 * @param memberId   the id the coordinator gave the member
 * @param instanceId its static instance id ({@code group.instance.id}), null when it has none
 * @param clientId   the client id it connected with
 * @param host       the address it connected from
 * @param assignment the partitions it is assigned, in order
 */
public record MemberDescription(String memberId, String instanceId, String clientId, String host,
                                Set<TopicPartition> assignment) {
    /** Copies the assignment, sorted. */
    public MemberDescription {
        assignment = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(assignment));
    }
}
