package io.runnel.broker.group.offset;

/**
 * One committed offset of a group for a partition.
 *
 * @param offset            the offset the group will resume from
 * @param leaderEpoch       the leader epoch the client committed with, -1 when unknown
 * @param metadata          the client's metadata string, returned unchanged by OffsetFetch (never null)
 * @param commitTimestampMs when the broker accepted the commit
 * @param expireTimestampMs when the client asked it to expire (OffsetCommit v2-4 retention), -1 for the broker's
 *                          retention policy
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs,
                              long expireTimestampMs) {

    public CommittedOffset {
        if (metadata == null) {
            metadata = "";
        }
    }
}
