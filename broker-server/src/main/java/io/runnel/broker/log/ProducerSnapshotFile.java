package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk snapshot of a partition's producer state: {@code <offset>.snapshot} (20 digits, like segment files)
 * in the partition directory holds every producer entry as it was once every batch below {@code offset} had been
 * appended, and nothing of a batch at or above it.
 *
 * <p>Format (big-endian): version int16 (2), CRC-32C int32 of everything after it, offset int64, producer count
 * int32, then per producer: id int64, epoch int16, last append time int64, first offset of its open transaction
 * int64 (-1 when none), batch count int8, and per batch (oldest first) first sequence int32, last sequence int32,
 * first offset int64, last offset int64, append time int64. Version 1 (no transaction field, written before
 * transactions existed) is read too.
 * Written to a temporary file, fsynced, renamed into place and the directory fsynced, so a crash leaves whole
 * files; a file that fails its CRC is ignored (an older one, or the log, is used instead).
 */
final class ProducerSnapshotFile {
    static final String SUFFIX = ".snapshot";
    private static final String TMP_SUFFIX = ".snapshot.tmp";
    private static final short VERSION = 2;
    private static final short VERSION_WITHOUT_TRANSACTIONS = 1;
    private static final int HEADER = 2 + 4 + 8 + 4;
    private static final int PRODUCER = 8 + 2 + 8 + 8 + 1;
    private static final int BATCH = 4 + 4 + 8 + 8 + 8;
    /** Snapshots kept after a write: the newest may be past the log end after a crash, the older one is a fallback. */
    static final int KEPT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ProducerSnapshotFile.class);

    private ProducerSnapshotFile() {
    }

    static Path path(Path dir, long offset) {
        return dir.resolve(Segment.fileName(offset, SUFFIX));
    }

    /** The state of {@code producers} as of {@code offset}, encoded. */
    static byte[] encode(long offset, Collection<ProducerEntry> producers) {
        int size = HEADER;
        for (ProducerEntry e : producers) {
            size += PRODUCER + e.batchCount() * BATCH;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(VERSION).putInt(0).putLong(offset).putInt(producers.size());
        for (ProducerEntry e : producers) {
            b.putLong(e.producerId()).putShort(e.epoch()).putLong(e.lastAppendMs()).putLong(e.currentTxnFirstOffset())
                    .put((byte) e.batchCount());
            for (int i = 0; i < e.batchCount(); i++) {
                b.putInt(e.firstSeq(i)).putInt(e.lastSeq(i)).putLong(e.firstOffset(i)).putLong(e.lastOffset(i))
                        .putLong(e.appendTime(i));
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 6, size - 6);
        b.putInt(2, (int) crc.getValue());
        return b.array();
    }

    /**
     * Decodes a snapshot into {@code into}.
     *
     * @return the snapshot's offset
     * @throws IOException when the bytes are not a whole, intact snapshot
     */
    static long decode(Path file, byte[] bytes, List<ProducerEntry> into) throws IOException {
        if (bytes.length < HEADER) {
            throw new IOException("producer snapshot " + file + " has " + bytes.length + " bytes, fewer than a header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        short version = b.getShort();
        if (version != VERSION && version != VERSION_WITHOUT_TRANSACTIONS) {
            throw new IOException("producer snapshot " + file + " has version " + version + ", expected " + VERSION);
        }
        int stored = b.getInt();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 6, bytes.length - 6);
        if (stored != (int) crc.getValue()) {
            throw new IOException("producer snapshot " + file + " fails its CRC (stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Long.toHexString(crc.getValue()) + ")");
        }
        long offset = b.getLong();
        int count = b.getInt();
        try {
            for (int p = 0; p < count; p++) {
                ProducerEntry e = new ProducerEntry(b.getLong(), b.getShort());
                e.lastAppendMs(b.getLong());
                if (version == VERSION) {
                    e.currentTxnFirstOffset(b.getLong());
                }
                int batches = b.get();
                if (batches < 0 || batches > ProducerEntry.BATCHES_KEPT) {
                    throw new IOException("producer snapshot " + file + " lists " + batches + " batches for producer "
                            + e.producerId());
                }
                for (int i = 0; i < batches; i++) {
                    e.add(b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getLong());
                }
                into.add(e);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("producer snapshot " + file + " ends inside its " + count + " producers", e);
        }
        if (b.hasRemaining()) {
            throw new IOException("producer snapshot " + file + " has " + b.remaining() + " bytes after its producers");
        }
        return offset;
    }

    /** Writes a snapshot durably, then deletes all but the newest {@link #KEPT} snapshots of the directory. */
    static void write(Path dir, long offset, byte[] bytes) throws IOException {
        Path target = path(dir, offset);
        Path tmp = dir.resolve(Segment.fileName(offset, TMP_SUFFIX));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        List<Long> offsets = list(dir);
        for (int i = 0; i < offsets.size() - KEPT; i++) {
            Files.deleteIfExists(path(dir, offsets.get(i)));
        }
        LogFiles.fsyncDirectory(dir);
    }

    /** The offsets of the snapshots in {@code dir}, ascending; leftover temporary files are deleted. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX + "*")) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    LOG.debug("deleting the unfinished producer snapshot {}", p);
                    Files.deleteIfExists(p);
                } else if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()) {
                    try {
                        offsets.add(Long.parseLong(name.substring(0, 20)));
                    } catch (NumberFormatException e) {
                        LOG.warn("ignoring {}: not a producer snapshot name", p);
                    }
                }
            }
        }
        offsets.sort(null);
        return offsets;
    }
}
