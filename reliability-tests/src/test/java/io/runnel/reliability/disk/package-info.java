/**
 * A simulated disk for the power-loss and disk-fault suites: a {@code java.nio} file system ({@link
 * io.runnel.reliability.disk.SimulatedDisk}) that passes every call to the real one underneath, and on the way
 * keeps a model of what is durable — each file's content as of its last fsync and each directory's entries as of
 * its last fsync — and fails the operations a {@link io.runnel.reliability.disk.DiskFaults} plan names. The broker
 * runs on a path of it ({@code Broker.start(config, transport, dataDir)}), so the storage needs no hook of its own.
 *
 * <p>Invariant: the model's tree (names to inodes) mirrors the real tree below the disk's root for every change
 * made through the disk; changes made past it (another process, {@code java.io.File}) are not seen, which is why
 * the broker must be given the disk's path and nothing else.
 */
package io.runnel.reliability.disk;
