/**
 * Compression codecs of record batches by their attribute id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). This
 * module implements none and gzip with the JDK only; the other three live in client-lib, the one component that
 * decompresses (the broker stores compressed batches as they came and never needs a codec library).
 *
 * <p>Invariant: a decompression is bounded by the caller's limit and fails with
 * {@link io.runnel.protocol.MalformedMessageException} on corrupt or over-long input.
 */
package io.runnel.protocol.record.compression;
