package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.runnel.broker.log.LogConfig;
import io.runnel.broker.log.LogFiles;
import io.runnel.broker.log.LogManager;
import io.runnel.broker.log.LogManagerConfig;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.record.RecordBatchBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A log manager on a fresh directory (under {@code -Drunnel.bench.dir}, default the system temp dir), with 256 MiB
 * segments and retention.bytes of 1 GiB ({@code -Drunnel.bench.retention.bytes=-1} keeps everything, so every
 * byte written reaches the disk, at the cost of disk space).
 */
final class StorageFixture implements AutoCloseable {
    final Path dir;
    final LogManager manager;
    final PartitionLog log;

    StorageFixture(boolean fsync, int partitions) throws IOException {
        Path parent = Path.of(System.getProperty("runnel.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(parent, "runnel-bench-");
        LogConfig logConfig = LogConfig.builder().fsyncEnabled(fsync).segmentBytes(256 << 20)
                .retentionBytes(Long.getLong("runnel.bench.retention.bytes", 1L << 30)).retentionMs(-1).build();
        manager = LogManager.open(LogManagerConfig.defaults(dir).withDefaults(logConfig).withCleanerEnabled(false));
        TopicInfo topic = manager.createTopic("bench", partitions, Map.of());
        log = manager.log(topic.partition(0));
    }

    /** A batch of 100-byte records (keys of 8 bytes, values of 92) filling about {@code batchBytes}. */
    static ByteBuf batch(int batchBytes) {
        byte[] key = new byte[8];
        byte[] value = new byte[92];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        try (RecordBatchBuilder b = new RecordBatchBuilder(UnpooledByteBufAllocator.DEFAULT)) {
            long now = System.currentTimeMillis();
            while (b.uncompressedSizeInBytes() + 110 <= batchBytes) {
                b.append(now, key, value);
            }
            ByteBuf out = Unpooled.directBuffer(batchBytes);
            b.writeTo(out);
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        manager.close();
        LogFiles.deleteRecursively(dir);
    }
}
