package io.runnel.broker.log;

/**
 * Told about every append once its records are visible to readers (the log end offset has moved), on the
 * appending thread and after the append lock is released. Implementations must be quick and must not block: a
 * parked fetch uses this to wake up.
 */
@FunctionalInterface
public interface AppendListener {
    /** {@code bytes} of whole batches were appended to {@code log}. */
    void appended(PartitionLog log, int bytes);
}
