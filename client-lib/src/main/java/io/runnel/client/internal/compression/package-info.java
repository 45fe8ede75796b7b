/**
 * Kafka's record-batch codecs for the client: {@link io.runnel.client.internal.compression.Codecs} maps a codec id
 * or {@link io.runnel.client.CompressionType} to an {@link io.runnel.protocol.record.compression.Compression}.
 *
 * <p>Invariant: every codec here is byte-compatible both ways with Kafka's client (kafka-clients reads what these
 * write and these read what it writes; tests check it). The codec libraries (snappy-java, lz4-java, zstd-jni) live in
 * client-lib only: broker-protocol and the broker never decompress.
 */
package io.runnel.client.internal.compression;
