package io.runnel.client.internal.consumer;

/**
 * Who commits offsets: the member id and the generation (classic) or member epoch (consumer protocol) that
 * OffsetCommit carries so the coordinator can fence a member that no longer owns its partitions. A consumer without
 * a group membership (manual assignment) commits as {@link #NONE}.
 */
record GroupGeneration(String memberId, int generationOrEpoch, String instanceId) {
    static final GroupGeneration NONE = new GroupGeneration("", -1, null);
}
