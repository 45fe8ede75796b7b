package io.runnel.broker.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The aborted transactions of one partition: Kafka's aborted-transaction index, one {@code <base>.txnindex} file per
 * segment holding the transactions whose ABORT marker lies in that segment, in marker order, as 34-byte entries
 * (big-endian): version int16 (0), producer id int64, first offset int64, last offset (the marker) int64, last
 * stable offset int64. The whole index is also kept in memory, sorted by marker offset, so a {@code read_committed}
 * fetch finds the aborted transactions of its range without file work.
 *
 * <p>Durability and crashes: an entry is appended (page cache) under the log's append lock when its marker is;
 * {@link #force} fsyncs the files written since, and the producer state calls it before it writes a snapshot. So
 * every marker below a snapshot's offset has a durable entry, and loading a log replays from its snapshot and adds
 * the entries of the markers after it that are missing ({@link #append} skips an entry already present). Entries
 * whose marker lies at or past the log end (a tail cut by recovery) are dropped when loaded, and their files
 * rewritten.
 *
 * <p>Thread rules: appends, loading and {@link #dropBelow} under the log's append lock; {@link #collect} from any
 * thread (it reads a published array); {@link #force} from any thread.
 */
final class TransactionIndex {
    static final String SUFFIX = ".txnindex";
    static final int ENTRY_SIZE = 2 + 8 + 8 + 8 + 8;
    private static final short VERSION = 0;
    private static final Logger LOG = LoggerFactory.getLogger(TransactionIndex.class);

    private final Path dir;
    /** Every entry in marker order; replaced whole (copy-on-write) so readers need no lock. */
    private volatile AbortedTransaction[] entries = new AbortedTransaction[0];
    /** Segment bases whose file has entries not yet fsynced. */
    private final Set<Long> dirty = new HashSet<>();

    TransactionIndex(Path dir) {
        this.dir = dir;
    }

    static Path path(Path dir, long segmentBase) {
        return dir.resolve(Segment.fileName(segmentBase, SUFFIX));
    }

    /**
     * Reads the files of {@code segments}, dropping entries whose marker is at or past {@code logEnd}; files of
     * segments that no longer exist are deleted.
     */
    void load(Segment[] segments, long logEnd) throws IOException {
        Set<Long> bases = new HashSet<>();
        for (Segment s : segments) {
            bases.add(s.baseOffset());
        }
        List<Long> present = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                long base = baseOf(name);
                if (base >= 0 && bases.contains(base)) {
                    present.add(base);
                } else if (base >= 0) {
                    Files.deleteIfExists(p);
                }
            }
        }
        present.sort(null);
        List<AbortedTransaction> all = new ArrayList<>();
        for (long base : present) {
            Path file = path(dir, base);
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes);
            List<AbortedTransaction> kept = new ArrayList<>();
            boolean cut = bytes.length % ENTRY_SIZE != 0;
            while (b.remaining() >= ENTRY_SIZE) {
                short version = b.getShort();
                AbortedTransaction e = new AbortedTransaction(b.getLong(), b.getLong(), b.getLong(), b.getLong());
                if (version != VERSION || e.lastOffset() >= logEnd || e.lastOffset() < base) {
                    cut = true;
                    continue;
                }
                kept.add(e);
            }
            if (cut) {
                LOG.info("{}: rewriting {} with {} entries (entries past the log end {} or unreadable dropped)", dir,
                        file.getFileName(), kept.size(), logEnd);
                rewrite(file, kept);
            }
            all.addAll(kept);
        }
        entries = all.toArray(new AbortedTransaction[0]);
    }

    private static long baseOf(String name) {
        if (name.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name.substring(0, 20));
    }

    /**
     * Adds the entry of an abort whose marker is in the segment starting at {@code segmentBase}, unless an entry
     * for the same producer and marker is already there (a replay after a restart). Append lock held.
     */
    void append(AbortedTransaction entry, long segmentBase) {
        AbortedTransaction[] cur = entries;
        for (int i = cur.length - 1; i >= 0 && cur[i].lastOffset() >= entry.lastOffset(); i--) {
            if (cur[i].lastOffset() == entry.lastOffset() && cur[i].producerId() == entry.producerId()) {
                return;
            }
        }
        Path file = path(dir, segmentBase);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = encode(List.of(entry));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("appending to the aborted-transaction index " + file + " failed", e);
        }
        synchronized (dirty) {
            dirty.add(segmentBase);
        }
        AbortedTransaction[] grown = new AbortedTransaction[cur.length + 1];
        int at = cur.length;
        while (at > 0 && cur[at - 1].lastOffset() > entry.lastOffset()) {
            at--;
        }
        System.arraycopy(cur, 0, grown, 0, at);
        grown[at] = entry;
        System.arraycopy(cur, at, grown, at + 1, cur.length - at);
        entries = grown;
    }

    /**
     * The aborted transactions that overlap {@code [from, upTo)}: marker at or after {@code from}, first record
     * before {@code upTo}, in marker order. Lock-free.
     */
    List<AbortedTransaction> collect(long from, long upTo) {
        AbortedTransaction[] all = entries;
        int lo = 0;
        int hi = all.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all[mid].lastOffset() < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        List<AbortedTransaction> found = new ArrayList<>();
        for (int i = lo; i < all.length; i++) {
            AbortedTransaction e = all[i];
            if (e.firstOffset() < upTo) {
                found.add(e);
            }
            // Every later abort completed after this one: none of them started below this one's last stable offset.
            if (e.lastStableOffset() >= upTo) {
                break;
            }
        }
        return found;
    }

    /** Every entry, in marker order. */
    List<AbortedTransaction> all() {
        return List.of(entries);
    }

    /** Forgets entries whose marker is below {@code logStartOffset} (their segments go with retention). */
    void dropBelow(long logStartOffset) {
        AbortedTransaction[] cur = entries;
        int i = 0;
        while (i < cur.length && cur[i].lastOffset() < logStartOffset) {
            i++;
        }
        if (i > 0) {
            AbortedTransaction[] kept = new AbortedTransaction[cur.length - i];
            System.arraycopy(cur, i, kept, 0, kept.length);
            entries = kept;
        }
    }

    /** Fsyncs every file written since the last call. */
    void force() throws IOException {
        List<Long> bases;
        synchronized (dirty) {
            bases = new ArrayList<>(dirty);
            dirty.clear();
        }
        for (long base : bases) {
            Path file = path(dir, base);
            if (Files.exists(file)) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
        }
    }

    private static void rewrite(Path file, List<AbortedTransaction> kept) throws IOException {
        if (kept.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = encode(kept);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private static ByteBuffer encode(List<AbortedTransaction> list) {
        ByteBuffer b = ByteBuffer.allocate(ENTRY_SIZE * list.size());
        for (AbortedTransaction e : list) {
            b.putShort(VERSION).putLong(e.producerId()).putLong(e.firstOffset()).putLong(e.lastOffset())
                    .putLong(e.lastStableOffset());
        }
        return b.flip();
    }
}
