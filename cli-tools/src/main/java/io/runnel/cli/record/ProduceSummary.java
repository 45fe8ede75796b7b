package io.runnel.cli.record;

import io.runnel.client.RecordMetadata;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code runnel produce} sent: records acknowledged per partition with their first and last offset, and the
 * failures with the first error. Fed from the producer's callback thread and read by the command's thread after
 * {@code flush}: every method is synchronized.
 */
final class ProduceSummary {
    /** First and last offset, and the count, of one partition's acknowledged records. */
    private static final class Range {
        long first = Long.MAX_VALUE;
        long last = -1;
        long count;
    }

    private final Map<Integer, Range> partitions = new TreeMap<>();
    private long acknowledged;
    private long failed;
    private Throwable firstError;

    synchronized void acknowledged(RecordMetadata metadata) {
        acknowledged++;
        Range range = partitions.computeIfAbsent(metadata.partition(), p -> new Range());
        range.count++;
        if (metadata.hasOffset()) {
            range.first = Math.min(range.first, metadata.offset());
            range.last = Math.max(range.last, metadata.offset());
        }
    }

    synchronized void failed(Throwable error) {
        failed++;
        if (firstError == null) {
            firstError = error;
        }
    }

    synchronized long failedCount() {
        return failed;
    }

    synchronized Throwable firstError() {
        return firstError;
    }

    /** {@code Produced 5 records to orders: partition 0 offsets 3..5, partition 2 offsets 0..1.} */
    synchronized String describe(String topic) {
        StringBuilder text = new StringBuilder("Produced " + acknowledged + " record" + (acknowledged == 1 ? "" : "s")
                + " to " + topic);
        String separator = ": ";
        for (Map.Entry<Integer, Range> entry : partitions.entrySet()) {
            Range r = entry.getValue();
            text.append(separator).append("partition ").append(entry.getKey());
            if (r.last < 0) {
                text.append(" (").append(r.count).append(", offsets unknown with acks=0)");
            } else {
                text.append(r.first == r.last ? " offset " + r.first : " offsets " + r.first + ".." + r.last);
            }
            separator = ", ";
        }
        if (failed > 0) {
            text.append("; ").append(failed).append(" failed");
        }
        return text.append('.').toString();
    }
}
