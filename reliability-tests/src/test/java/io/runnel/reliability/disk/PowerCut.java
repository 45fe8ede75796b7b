package io.runnel.reliability.disk;

/**
 * What a simulated power cut left.
 *
 * @param files         files that survived
 * @param directories   directories that survived, the root included
 * @param tornTails     files that kept part of their unsynced tail
 * @param bytesKept     bytes of the surviving files
 * @param bytesUnsynced bytes written to surviving files past their last fsync (partly kept as torn tails)
 */
public record PowerCut(int files, int directories, int tornTails, long bytesKept, long bytesUnsynced) {
}
