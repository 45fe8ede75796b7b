/**
 * Disk-fault suite: the broker runs on a {@link io.runnel.reliability.disk.SimulatedDisk} that fails chosen
 * operations (writes, fsyncs, segment rolls, index maps, checkpoint writes) of one partition or of the checkpoints;
 * produce must get KAFKA_STORAGE_ERROR, the broker and the other partitions go on, fetch serves only whole batches,
 * and the partition is writable again when the fault clears (or, after a failed fsync, after a restart).
 */
package io.runnel.reliability.fault;
