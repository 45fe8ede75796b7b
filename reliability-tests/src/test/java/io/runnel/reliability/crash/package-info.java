/**
 * Crash durability: a broker child process killed with SIGKILL at random moments under producer and group-commit
 * load. Invariant checked after every restart: nothing acknowledged is lost, moved or (for idempotent acks=all)
 * duplicated, offsets are dense, batches pass their CRC, committed offsets are the last acknowledged commits.
 * Producers plug in as {@link io.runnel.reliability.crash.ProducerKind}s.
 */
package io.runnel.reliability.crash;
