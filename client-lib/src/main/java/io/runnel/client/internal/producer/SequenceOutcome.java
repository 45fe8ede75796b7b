package io.runnel.client.internal.producer;

/** What the sender does with a batch after the broker answered it, as {@link PartitionSequence} decides. */
public enum SequenceOutcome {
    /** Acknowledged (or recognised as a duplicate of an acknowledged one): complete its records. */
    COMPLETE,
    /** Send it again, same epoch and sequence, after the retry backoff. */
    RETRY,
    /** Send it again, but first bump the epoch: the broker lost this producer's state, and the batch was not written. */
    BUMP_AND_RETRY,
    /** Fail its records and bump the epoch: the broker saw a sequence gap, so later batches need fresh sequences. */
    BUMP_AND_FAIL,
    /** Fail its records; nothing else changes (no sequence was spent, or idempotence is off). */
    FAIL
}
