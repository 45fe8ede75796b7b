package io.runnel.benchmarks;

import io.netty.buffer.ByteBuf;

/**
 * Like-for-like with {@code fio --rw=write --bs=<batch> --size=<total> --end_fsync=1}: appends {@code total}
 * bytes in batches of 100-byte records of about {@code batch} bytes to one partition with fsync off, then
 * closes the log manager (which fsyncs everything), and prints MiB/s over the whole run. Nothing is deleted
 * on the way, so every byte reaches the disk.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.runnel.benchmarks.SequentialAppendMain 8g 16384}
 */
public final class SequentialAppendMain {
    private SequentialAppendMain() {
    }

    public static void main(String[] args) throws Exception {
        long total = parseSize(args.length > 0 ? args[0] : "8g");
        int batchBytes = args.length > 1 ? Integer.parseInt(args[1]) : 65536;
        System.setProperty("runnel.bench.retention.bytes", "-1");
        ByteBuf batch = StorageFixture.batch(batchBytes);
        int size = batch.readableBytes();
        StorageFixture fixture = new StorageFixture(false, 1);
        long start = System.nanoTime();
        long written = 0;
        try {
            while (written < total) {
                fixture.log.append(batch.duplicate());
                written += size;
            }
            long appendedNs = System.nanoTime() - start;
            fixture.manager.close();
            long totalNs = System.nanoTime() - start;
            System.out.printf("appended %d MiB in %d-byte batches: %.0f MiB/s to the page cache, %.0f MiB/s "
                            + "including the final fsync%n", written >> 20, size,
                    written / 1048576.0 / (appendedNs / 1e9), written / 1048576.0 / (totalNs / 1e9));
        } finally {
            batch.release();
            fixture.close();
        }
    }

    private static long parseSize(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }
}
