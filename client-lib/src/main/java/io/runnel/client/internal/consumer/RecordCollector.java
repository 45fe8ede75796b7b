package io.runnel.client.internal.consumer;

import io.runnel.client.ConsumerRecord;
import io.runnel.client.ConsumerRecords;
import io.runnel.client.TopicPartition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds what one {@code poll} returns: takes fetches from the {@link FetchBuffer} in order and drains at most
 * {@code maxRecords} records from them, moving each partition's position as its records are handed out. A fetch
 * whose partition was revoked, paused or repositioned since it was requested is dropped; a fetch cut by
 * {@code maxRecords} stays in line for the next poll. When a partition's fetch is used up, {@code onReleased} is
 * told, so the fetcher can ask for the partition's next data at once.
 *
 * <p>Polling thread only.
 */
final class RecordCollector implements AutoCloseable {
    private final FetchBuffer buffer;
    private final FetchPositions positions;
    private final Consumer<TopicPartition> onReleased;
    private CompletedFetch inLine;

    RecordCollector(FetchBuffer buffer, FetchPositions positions, Consumer<TopicPartition> onReleased) {
        this.buffer = buffer;
        this.positions = positions;
        this.onReleased = onReleased;
    }

    /**
     * Up to {@code maxRecords} records; empty when nothing is buffered.
     *
     * @throws io.runnel.client.RunnelException from a corrupt batch (the records handed out before it are kept
     *                                          in the positions, not lost: the next poll continues after them)
     */
    ConsumerRecords collect(int maxRecords) {
        Map<TopicPartition, List<ConsumerRecord>> out = new LinkedHashMap<>();
        int remaining = maxRecords;
        while (remaining > 0) {
            if (inLine == null) {
                inLine = buffer.poll();
                if (inLine == null) {
                    break;
                }
            }
            TopicPartition tp = inLine.partition();
            if (!positions.canConsume(tp, inLine.nextOffset())) {
                release();
                continue;
            }
            List<ConsumerRecord> records = out.get(tp);
            if (records == null) {
                records = new ArrayList<>(Math.min(remaining, 512));
                out.put(tp, records);
            }
            try {
                remaining -= inLine.drain(records, remaining);
            } catch (RuntimeException e) {
                release();
                throw e;
            }
            positions.consumed(tp, inLine.nextOffset());
            if (inLine.isDrained()) {
                release();
            }
        }
        if (out.isEmpty()) {
            return ConsumerRecords.empty();
        }
        for (Iterator<List<ConsumerRecord>> it = out.values().iterator(); it.hasNext(); ) {
            if (it.next().isEmpty()) {
                it.remove();
            }
        }
        return out.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords(out);
    }

    /** Whether records wait in the buffer or in line, so poll need not block. */
    boolean hasBuffered() {
        return inLine != null || buffer.size() > 0;
    }

    private void release() {
        TopicPartition tp = inLine.partition();
        inLine.close();
        inLine = null;
        positions.bufferReleased(tp);
        onReleased.accept(tp);
    }

    /** Releases the fetch in line, if any. */
    @Override
    public void close() {
        if (inLine != null) {
            release();
        }
    }
}
