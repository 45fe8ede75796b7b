package io.runnel.reliability.crash;

/** What a producer configuration promises about an acknowledged record when the broker process crashes. */
public enum Guarantee {
    /** Idempotent, acks=all: an acknowledged record is in the log exactly once; an unacknowledged one at most once. */
    IDEMPOTENT_ACKS_ALL,
    /** acks=1, not idempotent: an acknowledged record is in the log; a retry may have written it twice. */
    ACKS_ONE
}
