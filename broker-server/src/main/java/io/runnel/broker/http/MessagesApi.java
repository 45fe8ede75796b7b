package io.runnel.broker.http;

import io.netty.buffer.ByteBuf;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.TimestampAndOffset;
import io.runnel.broker.metrics.PartitionScan;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.RecordView;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The message browser and search: {@code GET /api/v1/topics/{topic}/messages} and
 * {@code GET /api/v1/topics/{topic}/search}. Both read on the console thread through {@link PartitionScan}
 * within a {@link ScanBudget}, and report what they read (bytes, records, time, why they stopped, where each
 * partition's scan ended) so the console can show the budget and go on from there.
 *
 * <p>Parameters: {@code partition} (a number, or {@code all}); {@code from}: {@code newest} (the last
 * {@code limit} records of each partition; browse only), {@code oldest}, {@code offset} (with {@code offset}) or
 * {@code timestamp} (with {@code timestamp}, epoch milliseconds: the first record at or after it); {@code limit};
 * {@code maxBytes} and {@code maxMs}. Search also takes {@code q} (a substring, matched byte for byte against the
 * UTF-8 text) and {@code in} (any of {@code key}, {@code value}, {@code headers}; all three by default).
 */
final class MessagesApi {
    static final long BROWSE_BYTES = 16L * 1024 * 1024;
    static final long BROWSE_MS = 3_000;
    static final long SEARCH_BYTES = 64L * 1024 * 1024;
    static final long SEARCH_MS = 3_000;
    static final int MAX_VALUE_BYTES = 16 * 1024;
    private static final int CHUNK_BYTES = 1024 * 1024;

    private final HttpEndpointContext ctx;
    private final PartitionScan scan = new PartitionScan(CHUNK_BYTES);

    MessagesApi(HttpEndpointContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<HttpReply> browse(HttpCall call) {
        TopicInfo topic = ctx.topic(call.variable("topic"));
        int limit = (int) call.longParam("limit", 50, 1, 1000);
        String from = call.param("from", "newest");
        ScanBudget budget = ScanBudget.of(call, BROWSE_BYTES, BROWSE_MS);
        return ctx.workers().onConsole(() -> {
            Scan s = new Scan(budget);
            for (PartitionLog log : ctx.partitions(topic, call.param("partition", "all"))) {
                long start = from.equals("newest") ? Math.max(log.logStartOffset(), log.logEndOffset() - limit)
                        : startOffset(call, from, log);
                if (s.outOfBudget()) {
                    s.skipped(log, start);
                } else {
                    s.run(log, start, limit, record -> true);
                }
            }
            Comparator<RecordJson.Shown> order = Comparator.comparingLong(RecordJson.Shown::timestamp)
                    .thenComparingInt(RecordJson.Shown::partition).thenComparingLong(RecordJson.Shown::offset);
            s.shown.sort(from.equals("newest") ? order.reversed() : order);
            return HttpReply.json(s.json(limit, null));
        });
    }

    CompletionStage<HttpReply> search(HttpCall call) {
        TopicInfo topic = ctx.topic(call.variable("topic"));
        String q = call.param("q", "");
        if (q.isEmpty()) {
            throw new BadRequestException("search needs a non-empty q");
        }
        byte[] needle = q.getBytes(StandardCharsets.UTF_8);
        Set<String> in = fields(call.params("in"));
        int limit = (int) call.longParam("limit", 100, 1, 1000);
        String from = call.param("from", "oldest");
        if (from.equals("newest")) {
            throw new BadRequestException("search scans forward: from must be oldest, offset or timestamp");
        }
        ScanBudget budget = ScanBudget.of(call, SEARCH_BYTES, SEARCH_MS);
        return ctx.workers().onConsole(() -> {
            Scan s = new Scan(budget);
            for (PartitionLog log : ctx.partitions(topic, call.param("partition", "all"))) {
                if (s.shown.size() >= limit || s.outOfBudget()) {
                    s.skipped(log, startOffset(call, from, log));
                    continue;
                }
                s.run(log, startOffset(call, from, log), limit - s.shown.size(),
                        record -> matches(record, needle, in));
            }
            s.shown.sort(Comparator.comparingInt(RecordJson.Shown::partition)
                    .thenComparingLong(RecordJson.Shown::offset));
            return HttpReply.json(s.json(limit, q));
        });
    }

    private static Set<String> fields(List<String> given) {
        if (given.isEmpty()) {
            return Set.of("key", "value", "headers");
        }
        Set<String> out = new HashSet<>();
        for (String g : given) {
            for (String f : g.split(",")) {
                if (!Set.of("key", "value", "headers").contains(f.trim())) {
                    throw new BadRequestException("in=" + f + ": search in key, value or headers");
                }
                out.add(f.trim());
            }
        }
        return out;
    }

    private static long startOffset(HttpCall call, String from, PartitionLog log) {
        switch (from) {
            case "oldest":
                return log.logStartOffset();
            case "offset":
                long offset = call.longParam("offset", -1, 0, Long.MAX_VALUE);
                if (offset < 0) {
                    throw new BadRequestException("from=offset needs an offset");
                }
                return Math.min(Math.max(offset, log.logStartOffset()), log.logEndOffset());
            case "timestamp":
                long ts = call.longParam("timestamp", -1, 0, Long.MAX_VALUE);
                if (ts < 0) {
                    throw new BadRequestException("from=timestamp needs a timestamp (epoch milliseconds)");
                }
                TimestampAndOffset found = log.offsetForTimestamp(ts);
                return found == null ? log.logEndOffset() : found.offset();
            default:
                throw new BadRequestException("from=" + from + ": use newest, oldest, offset or timestamp");
        }
    }

    static boolean matches(RecordView record, byte[] needle, Set<String> in) {
        if (in.contains("value") && contains(record.value(), needle)) {
            return true;
        }
        if (in.contains("key") && contains(record.key(), needle)) {
            return true;
        }
        if (in.contains("headers")) {
            for (int i = 0; i < record.headerCount(); i++) {
                if (contains(record.headerKeyBytes(i), needle) || contains(record.headerValue(i), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code hay} holds {@code needle} byte for byte. */
    static boolean contains(ByteBuf hay, byte[] needle) {
        if (hay == null || needle.length == 0 || hay.readableBytes() < needle.length) {
            return false;
        }
        int start = hay.readerIndex();
        int last = hay.writerIndex() - needle.length;
        byte first = needle[0];
        for (int i = start; i <= last; i++) {
            if (hay.getByte(i) != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && hay.getByte(i + j) == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return true;
            }
        }
        return false;
    }

    /** One request's scan over one or more partitions, sharing one budget. */
    private final class Scan {
        final ScanBudget budget;
        final long startNanos = System.nanoTime();
        final long deadlineNanos;
        final List<RecordJson.Shown> shown = new ArrayList<>();
        final JsonWriter partitions = new JsonWriter().beginArray();
        final JsonWriter undecodable = new JsonWriter().beginArray();
        long bytes;
        long records;
        String stopped = "END";

        Scan(ScanBudget budget) {
            this.budget = budget;
            this.deadlineNanos = startNanos + budget.maxMs() * 1_000_000L;
        }

        boolean outOfBudget() {
            return bytes >= budget.maxBytes() || System.nanoTime() - deadlineNanos >= 0;
        }

        interface Filter {
            boolean keep(RecordView record);
        }

        void run(PartitionLog log, long start, int wanted, Filter filter) {
            int partition = log.topicPartition().partition();
            int[] kept = {0};
            PartitionScan.Stop stop = scan.scan(log, start, Long.MAX_VALUE, budget.maxBytes() - bytes, deadlineNanos,
                    new PartitionScan.Visitor() {
                        @Override
                        public boolean visit(RecordView record) {
                            if (filter.keep(record)) {
                                shown.add(RecordJson.of(partition, record, MAX_VALUE_BYTES));
                                kept[0]++;
                            }
                            return kept[0] < wanted;
                        }

                        @Override
                        public boolean undecodable(RecordBatch batch, String why) {
                            undecodable.beginObject().field("partition", partition)
                                    .field("baseOffset", batch.baseOffset()).field("lastOffset", batch.lastOffset())
                                    .field("records", batch.recordsCount()).field("why", why).endObject();
                            return true;
                        }
                    });
            bytes += scan.bytesRead();
            records += scan.recordsSeen();
            if (stop == PartitionScan.Stop.VISITOR) {
                stopped = "LIMIT";
            } else if (stop != PartitionScan.Stop.END) {
                stopped = stop.name();
            }
            partitions.beginObject().field("partition", partition).field("from", start)
                    .field("next", scan.nextOffset()).field("end", log.logEndOffset()).endObject();
        }

        void skipped(PartitionLog log, long start) {
            partitions.beginObject().field("partition", log.topicPartition().partition()).field("from", start)
                    .field("next", start).field("end", log.logEndOffset()).endObject();
            if (stopped.equals("END")) {
                stopped = outOfBudget() ? (bytes >= budget.maxBytes() ? "BYTES" : "TIME") : "LIMIT";
            }
        }

        String json(int limit, String query) {
            JsonWriter json = new JsonWriter(new StringBuilder(1024)).beginObject();
            if (query != null) {
                json.field("query", query);
            }
            json.name("messages").beginArray();
            for (int i = 0; i < shown.size() && i < limit; i++) {
                json.raw(shown.get(i).json());
            }
            json.endArray().name("undecodable").raw(undecodable.endArray().toJson());
            json.name("scan").beginObject().field("bytes", bytes).field("records", records)
                    .field("elapsedMs", (System.nanoTime() - startNanos) / 1_000_000)
                    .field("budgetBytes", budget.maxBytes()).field("budgetMs", budget.maxMs())
                    .field("stopped", stopped).name("partitions").raw(partitions.endArray().toJson()).endObject();
            return json.endObject().toJson();
        }
    }
}
