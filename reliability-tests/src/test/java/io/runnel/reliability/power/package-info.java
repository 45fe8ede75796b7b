/**
 * Power-loss suite: the broker runs in this JVM on a {@link io.runnel.reliability.disk.SimulatedDisk}, and at a
 * random moment the disk's durable image — only what was fsynced, data and directory entries, with torn unsynced
 * tails — becomes the data directory of the next broker. Every record acknowledged with acks=all before the cut must
 * be back at its offset; records acknowledged with acks=1 may be gone, and are counted.
 */
package io.runnel.reliability.power;
