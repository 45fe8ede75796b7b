package io.runnel.broker.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.metrics.PartitionScan;
import io.runnel.broker.thread.TaskAgent;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.protocol.record.RecordView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live tail: {@code GET /api/v1/topics/{topic}/tail?partition=all|N} streams every record appended from then
 * on as server-sent events, one {@code data:} line of record JSON each ({@link RecordJson}).
 *
 * <p>Every tail is polled from one timer on the console thread, every {@link #TICK_MS} ms; a tick reads at most
 * {@link #BYTES_PER_TICK} bytes and {@link #RECORDS_PER_TICK} records per tail, so a topic written faster than
 * that makes the tail fall behind rather than make the broker do more (the console shows the tail is behind). A
 * tail whose connection cannot take more (the browser reads slowly) is skipped until it can. At most
 * {@link #MAX_STREAMS} tails run at once; more get 503. A comment line every {@link #KEEPALIVE_MS} keeps idle
 * streams open through proxies. The tail ends when the client goes or the topic is deleted.
 *
 * <p>Thread rules: {@link #tails} and {@link #scan} belong to the console thread.
 */
final class TailStreams {
    static final int MAX_STREAMS = 16;
    static final long TICK_MS = 250;
    static final long BYTES_PER_TICK = 1024 * 1024;
    static final int RECORDS_PER_TICK = 500;
    static final long KEEPALIVE_MS = 15_000;

    private final HttpEndpointContext ctx;
    private final TaskAgent console;
    private final PartitionScan scan = new PartitionScan(256 * 1024);
    private final List<Tail> tails = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private TaskAgent.Cancellable timer;

    /** One client's tail: its connection and, per partition tailed, the next offset to send. */
    private static final class Tail {
        final Channel channel;
        final String topic;
        final List<PartitionLog> logs;
        final long[] next;
        long lastWriteMs;

        Tail(Channel channel, String topic, List<PartitionLog> logs, long nowMs) {
            this.channel = channel;
            this.topic = topic;
            this.logs = logs;
            this.next = new long[logs.size()];
            for (int i = 0; i < logs.size(); i++) {
                next[i] = logs.get(i).logEndOffset();
            }
            this.lastWriteMs = nowMs;
        }
    }

    TailStreams(HttpEndpointContext ctx) {
        this.ctx = ctx;
        this.console = ctx.workers().console();
    }

    CompletionStage<HttpReply> tail(HttpCall call) {
        TopicInfo topic = ctx.topic(call.variable("topic"));
        String partition = call.param("partition", "all");
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw new ServiceUnavailableException("too many live tails open (" + MAX_STREAMS + "); close one");
        }
        Channel channel = call.channel();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store").set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return ctx.workers().onConsole(() -> {
            // Partitions are listed on the console thread: the logs' end offsets are where the tail starts.
            List<PartitionLog> logs = ctx.partitions(topic, partition);
            Tail tail = new Tail(channel, topic.name(), logs, ctx.clockMs().getAsLong());
            channel.writeAndFlush(head);
            channel.writeAndFlush(content(": tailing " + topic.name() + "\n\n"));
            tails.add(tail);
            if (timer == null) {
                timer = console.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            }
            return HttpReply.STREAMING;
        });
    }

    private void tick() {
        long now = ctx.clockMs().getAsLong();
        for (int i = tails.size() - 1; i >= 0; i--) {
            Tail tail = tails.get(i);
            if (!tail.channel.isActive()) {
                tails.remove(i);
                continue;
            }
            if (!tail.channel.isWritable()) {
                continue;
            }
            if (!poll(tail, now)) {
                tail.channel.writeAndFlush(content("event: end\ndata: topic " + tail.topic + " is gone\n\n"));
                tail.channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> tail.channel.close());
                tails.remove(i);
            }
        }
        if (tails.isEmpty() && timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Sends what is new on {@code tail}'s partitions; false when the topic is gone. */
    private boolean poll(Tail tail, long now) {
        if (ctx.logs().registry().get(tail.topic) == null) {
            return false;
        }
        StringBuilder events = new StringBuilder();
        long bytes = 0;
        int[] records = {0};
        for (int i = 0; i < tail.logs.size() && bytes < BYTES_PER_TICK && records[0] < RECORDS_PER_TICK; i++) {
            PartitionLog log = tail.logs.get(i);
            if (log.logEndOffset() <= tail.next[i]) {
                continue;
            }
            int partition = log.topicPartition().partition();
            try {
                scan.scan(log, tail.next[i], Long.MAX_VALUE, BYTES_PER_TICK - bytes, Long.MAX_VALUE,
                        (RecordView record) -> {
                            events.append("data: ").append(RecordJson.of(partition, record,
                                    MessagesApi.MAX_VALUE_BYTES).json()).append("\n\n");
                            return ++records[0] < RECORDS_PER_TICK;
                        });
            } catch (IllegalStateException closed) {
                // The log was closed under the tail: its topic is being deleted.
                return false;
            }
            tail.next[i] = scan.nextOffset();
            bytes += scan.bytesRead();
        }
        if (events.length() > 0) {
            tail.channel.writeAndFlush(content(events.toString()));
            tail.lastWriteMs = now;
        } else if (now - tail.lastWriteMs >= KEEPALIVE_MS) {
            tail.channel.writeAndFlush(content(": keepalive\n\n"));
            tail.lastWriteMs = now;
        }
        return true;
    }

    private static DefaultHttpContent content(String text) {
        ByteBuf buf = ByteBufUtil.writeUtf8(ByteBufAllocator.DEFAULT, text);
        return new DefaultHttpContent(buf);
    }
}
