package io.runnel.client.internal.producer;

/**
 * The idempotent producer's id and epoch, and the state machine around getting and bumping them:
 *
 * <pre>
 *   NEEDS_ID --beginRequest--> REQUESTING --established--> READY
 *   READY --bumpNeeded--> NEEDS_BUMP --(nothing in flight) beginRequest--> REQUESTING --established--> READY
 *   REQUESTING --requestFailed(retriable)--> back to NEEDS_ID / NEEDS_BUMP
 *   any --fatal--> FAILED (every later batch fails with the cause)
 * </pre>
 *
 * <p>Batches are only drained in READY; a bump waits until no batch is in flight (the sender checks), so that
 * every answer of the old epoch is in before sequences restart. A bump asks InitProducerId for the current id and
 * epoch (Kafka 2.5+, InitProducerId v3+), which returns the same id with the epoch plus one; when the epoch is
 * exhausted or the broker is older, it asks for a new id instead. Confined to the sender's thread.
 */
public final class ProducerIdentity {
    /** No producer id (idempotence off, or not yet known). */
    public static final long NO_PRODUCER_ID = -1L;
    /** No epoch. */
    public static final short NO_EPOCH = -1;

    /** Where the identity is in its life. */
    public enum State { NEEDS_ID, REQUESTING, READY, NEEDS_BUMP, FAILED }

    private State state = State.NEEDS_ID;
    private State beforeRequest;
    private long producerId = NO_PRODUCER_ID;
    private short epoch = NO_EPOCH;
    private RuntimeException failure;

    /** The current state. */
    public State state() {
        return state;
    }

    /** Whether batches may be stamped and sent. */
    public boolean isReady() {
        return state == State.READY;
    }

    /** Whether an InitProducerId request should be sent (once nothing is in flight, for a bump). */
    public boolean needsRequest() {
        return state == State.NEEDS_ID || state == State.NEEDS_BUMP;
    }

    /**
     * Marks the InitProducerId request as sent.
     *
     * @param canBump whether the broker takes the current id and epoch to bump (InitProducerId v3+)
     * @return the producer id to put in the request: the current one for a bump, else -1 (a new id)
     */
    public long beginRequest(boolean canBump) {
        if (!needsRequest()) {
            throw new IllegalStateException("no InitProducerId request is due in state " + state);
        }
        beforeRequest = state;
        state = State.REQUESTING;
        return bumpInPlace(canBump) ? producerId : NO_PRODUCER_ID;
    }

    /** The epoch to put in the request: the current one for a bump in place, else -1. */
    public short requestEpoch(boolean canBump) {
        return bumpInPlace(canBump) ? epoch : NO_EPOCH;
    }

    private boolean bumpInPlace(boolean canBump) {
        State pending = state == State.REQUESTING ? beforeRequest : state;
        return pending == State.NEEDS_BUMP && canBump && producerId != NO_PRODUCER_ID && epoch < Short.MAX_VALUE;
    }

    /**
     * The broker answered with an id and epoch: sending resumes.
     *
     * @return whether sequences must restart (always, except for the very first id)
     */
    public boolean established(long producerId, short epoch) {
        if (state != State.REQUESTING) {
            throw new IllegalStateException("an InitProducerId answer arrived in state " + state);
        }
        boolean restart = beforeRequest == State.NEEDS_BUMP;
        this.producerId = producerId;
        this.epoch = epoch;
        state = State.READY;
        return restart;
    }

    /** The request failed with a retriable error: it is asked again (after a backoff). */
    public void requestFailed() {
        if (state != State.REQUESTING) {
            throw new IllegalStateException("an InitProducerId failure arrived in state " + state);
        }
        state = beforeRequest;
    }

    /** The broker's view of a sequence is unknown or gapped: bump the epoch before sending more. */
    public void bumpNeeded() {
        // In any other state a request is due or under way, and its answer restarts every sequence anyway.
        if (state == State.READY) {
            state = State.NEEDS_BUMP;
        }
    }

    /** A non-retriable error: the producer cannot send any more. */
    public void fatal(RuntimeException cause) {
        failure = cause;
        state = State.FAILED;
    }

    /** Why the identity failed, or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** The producer id, or -1. */
    public long producerId() {
        return producerId;
    }

    /** The epoch, or -1. */
    public short epoch() {
        return epoch;
    }
}
