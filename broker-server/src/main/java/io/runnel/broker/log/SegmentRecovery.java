package io.runnel.broker.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.record.RecordBatch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks every batch of one segment's log file after a crash: length inside the file, magic 2, CRC-32C, offsets
 * increasing from the previous batch and within an int of the segment's base. The file is cut at the first batch
 * that fails (a torn or garbage tail, a zeroed preallocated tail), so what remains is whole, valid batches only.
 *
 * <p>One instance per recovering thread: it reuses a read buffer that grows to the largest batch seen.
 */
final class SegmentRecovery {
    private static final int CHUNK = 1 << 20;

    private final RecordBatch view = new RecordBatch();
    private ByteBuf buf = Unpooled.buffer(CHUNK);

    /** How a segment file came out of recovery. */
    record Result(int validBytes, long nextOffset, long fileBytes, String problem) {
        boolean truncated() {
            return validBytes < fileBytes;
        }
    }

    /**
     * Validates {@code logFile} of the segment at {@code baseOffset}, whose first batch must start at or after
     * {@code minOffset}, and truncates it after its last valid batch.
     *
     * @return the valid length, the offset after the last valid batch ({@code minOffset} if none) and what was
     *         wrong with the first invalid batch (null when the whole file was valid)
     */
    Result recover(Path logFile, long baseOffset, long minOffset) throws IOException {
        try (FileChannel ch = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileBytes = ch.size();
            long pos = 0;
            long next = Math.max(minOffset, baseOffset);
            String problem = null;
            buf.clear();
            long bufStart = 0;
            while (pos < fileBytes) {
                int at = (int) (pos - bufStart);
                if (buf.writerIndex() - at < RecordBatch.LOG_OVERHEAD) {
                    bufStart = refill(ch, pos, RecordBatch.LOG_OVERHEAD, fileBytes);
                    at = 0;
                    if (buf.writerIndex() < RecordBatch.LOG_OVERHEAD) {
                        problem = "only " + (fileBytes - pos) + " bytes left, less than a batch's length prefix";
                        break;
                    }
                }
                int batchLength = buf.getInt(at + RecordBatch.BATCH_LENGTH_OFFSET);
                if (batchLength < RecordBatch.MIN_BATCH_LENGTH) {
                    problem = "batchLength " + batchLength + " is below the minimum " + RecordBatch.MIN_BATCH_LENGTH;
                    break;
                }
                long batchSize = (long) batchLength + RecordBatch.LOG_OVERHEAD;
                if (pos + batchSize > fileBytes) {
                    problem = "batch of " + batchSize + " bytes runs past the end of the file (" + (fileBytes - pos)
                            + " bytes left)";
                    break;
                }
                if (buf.writerIndex() - at < batchSize) {
                    bufStart = refill(ch, pos, (int) batchSize, fileBytes);
                    at = 0;
                }
                view.wrap(buf, at);
                problem = check(view, baseOffset, next);
                if (problem != null) {
                    break;
                }
                next = view.lastOffset() + 1;
                pos += batchSize;
            }
            if (pos < fileBytes) {
                ch.truncate(pos);
                ch.force(true);
            }
            return new Result((int) pos, next, fileBytes, problem);
        }
    }

    private static String check(RecordBatch batch, long baseOffset, long minOffset) {
        if (batch.magic() != RecordBatch.MAGIC_V2) {
            return "magic " + batch.magic() + " is not 2";
        }
        if (!batch.isCrcValid()) {
            return "CRC-32C " + batch.crc() + " does not match the computed " + batch.computeCrc();
        }
        long base = batch.baseOffset();
        int delta = batch.lastOffsetDelta();
        if (base < minOffset || delta < 0 || base + delta - baseOffset > Integer.MAX_VALUE) {
            return "offsets " + base + ".." + (base + delta) + " do not follow offset " + (minOffset - 1)
                    + " within segment " + baseOffset;
        }
        return null;
    }

    /** Reads from {@code pos} so that at least {@code need} bytes (if the file has them) are in the buffer. */
    private long refill(FileChannel ch, long pos, int need, long fileBytes) throws IOException {
        int want = (int) Math.min(Math.max(need, CHUNK), fileBytes - pos);
        if (buf.capacity() < want) {
            buf = Unpooled.buffer(want);
        }
        buf.clear();
        long at = pos;
        while (buf.writerIndex() < want) {
            int n = buf.writeBytes(ch, at, want - buf.writerIndex());
            if (n < 0) {
                break;
            }
            at += n;
        }
        return pos;
    }
}
