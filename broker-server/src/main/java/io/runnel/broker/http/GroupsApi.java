package io.runnel.broker.http;

import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.TimestampAndOffset;
import io.runnel.broker.metrics.GroupLag;
import io.runnel.broker.metrics.GroupReader;
import io.runnel.broker.metrics.GroupSnapshot;
import io.runnel.broker.metrics.PartitionLag;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicPartition;
import io.runnel.protocol.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumer groups in the JSON API: {@code GET /api/v1/groups} (state, protocol, members, total lag of each),
 * {@code GET /api/v1/groups/{group}} (members with their partitions, lag per partition in records and time) and
 * {@code POST /api/v1/groups/{group}/offsets/reset}.
 *
 * <p>Reset takes {@code {"topic": name, "partitions": [..] (optional: all), "to": "earliest" | "latest" |
 * "offset" | "timestamp" | "shift", "value": n, "dryRun": true|false}}. A dry run (the default) only computes
 * each partition's current and target offset. A real reset is refused (409) unless the group has no members,
 * as Kafka's {@code kafka-consumer-groups --reset-offsets --execute} requires, and then commits the targets
 * through the coordinator as an OffsetCommit from outside the group; the answer carries each partition's error,
 * if any.
 */
final class GroupsApi {
    /** How long a request waits for the group coordinator. */
    static final long COORDINATOR_TIMEOUT_MS = 5_000;

    private final HttpEndpointContext ctx;
    private final GroupLag lags;

    GroupsApi(HttpEndpointContext ctx) {
        this.ctx = ctx;
        this.lags = new GroupLag(ctx.logs(), ctx.clockMs());
    }

    CompletionStage<HttpReply> list(HttpCall call) {
        return ctx.workers().onConsole(() -> {
            List<GroupSnapshot> groups = await(ctx.groups().readAll(), COORDINATOR_TIMEOUT_MS);
            lags.startRound();
            JsonWriter json = new JsonWriter().beginObject().field("time", ctx.clockMs().getAsLong())
                    .name("groups").beginArray();
            for (GroupSnapshot g : groups) {
                long lag = 0;
                int partitions = 0;
                for (PartitionLag p : lags.of(g)) {
                    lag += p.lag();
                    partitions++;
                }
                json.beginObject().field("groupId", g.groupId()).field("type", g.type()).field("state", g.state())
                        .field("protocolType", g.protocolType()).field("protocol", g.protocol())
                        .field("members", g.members().size()).field("partitions", partitions).field("lag", lag)
                        .endObject();
            }
            lags.roundDone();
            return HttpReply.json(json.endArray().endObject().toJson());
        });
    }

    CompletionStage<HttpReply> get(HttpCall call) {
        String groupId = call.variable("group");
        return ctx.workers().onConsole(() -> {
            GroupSnapshot g = existing(groupId);
            JsonWriter json = new JsonWriter().beginObject().field("groupId", g.groupId()).field("type", g.type())
                    .field("state", g.state()).field("protocolType", g.protocolType())
                    .field("protocol", g.protocol()).field("time", ctx.clockMs().getAsLong())
                    .field("empty", g.isEmpty());
            json.name("members").beginArray();
            for (GroupSnapshot.Member m : g.members()) {
                json.beginObject().field("memberId", m.memberId()).field("instanceId", m.instanceId())
                        .field("clientId", m.clientId()).field("clientHost", m.clientHost())
                        .name("partitions").beginArray();
                for (TopicPartition tp : m.assigned()) {
                    json.beginObject().field("topic", tp.topic()).field("partition", tp.partition()).endObject();
                }
                json.endArray().endObject();
            }
            json.endArray().name("offsets").beginArray();
            lags.startRound();
            long sum = 0;
            for (PartitionLag p : lags.of(g)) {
                sum += p.lag();
                json.beginObject().field("topic", p.partition().topic()).field("partition", p.partition().partition())
                        .field("committed", p.committed()).field("logStart", p.logStart())
                        .field("logEnd", p.logEnd()).field("lag", p.lag()).field("lagMs", p.lagMillis())
                        .field("owner", p.owner()).endObject();
            }
            lags.roundDone();
            return HttpReply.json(json.endArray().field("lag", sum).endObject().toJson());
        });
    }

    CompletionStage<HttpReply> reset(HttpCall call) {
        String groupId = call.variable("group");
        Map<String, Object> body = JsonParser.parseObject(call.body());
        String topicName = TopicsApi.stringField(body, "topic");
        String to = TopicsApi.stringField(body, "to");
        long value = TopicsApi.longField(body, "value", 0);
        boolean dryRun = !Boolean.FALSE.equals(body.get("dryRun"));
        List<Integer> wanted = partitionList(body.get("partitions"));
        return ctx.workers().onConsole(() -> {
            GroupSnapshot g = await(ctx.groups().read(groupId), COORDINATOR_TIMEOUT_MS);
            if (g == null) {
                throw new NotFoundException("no group " + groupId);
            }
            TopicInfo topic = ctx.topic(topicName);
            Map<TopicPartition, Long> current = new TreeMap<>(GroupReader::compare);
            Map<TopicPartition, Long> targets = new TreeMap<>(GroupReader::compare);
            for (PartitionLog log : ctx.partitions(topic, null)) {
                TopicPartition tp = log.topicPartition();
                if (wanted != null && !wanted.contains(tp.partition())) {
                    continue;
                }
                Long committed = g.committed().get(tp);
                current.put(tp, committed == null ? -1 : committed);
                targets.put(tp, target(log, committed, to, value));
            }
            if (targets.isEmpty()) {
                throw new BadRequestException("none of the partitions asked for exists in topic " + topicName);
            }
            Map<TopicPartition, ErrorCode> errors = Map.of();
            if (!dryRun) {
                if (!g.isEmpty()) {
                    throw new ConflictException("group " + groupId + " is " + g.state() + " with "
                            + g.members().size() + " member(s): stop its consumers before resetting its offsets");
                }
                errors = await(ctx.groups().commit(groupId, targets), COORDINATOR_TIMEOUT_MS);
            }
            JsonWriter json = new JsonWriter().beginObject().field("groupId", groupId).field("state", g.state())
                    .field("dryRun", dryRun).name("partitions").beginArray();
            for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
                ErrorCode error = errors.get(e.getKey());
                json.beginObject().field("topic", e.getKey().topic()).field("partition", e.getKey().partition())
                        .field("current", current.get(e.getKey())).field("target", e.getValue())
                        .field("error", error == null || error == ErrorCode.NONE ? null : error.kafkaName())
                        .endObject();
            }
            return HttpReply.json(json.endArray().endObject().toJson());
        });
    }

    private GroupSnapshot existing(String groupId) throws Exception {
        GroupSnapshot g = await(ctx.groups().read(groupId), COORDINATOR_TIMEOUT_MS);
        if (g == null) {
            throw new NotFoundException("no group " + groupId);
        }
        return g;
    }

    private static long target(PartitionLog log, Long committed, String to, long value) {
        long start = log.logStartOffset();
        long end = log.logEndOffset();
        long target = switch (to) {
            case "earliest" -> start;
            case "latest" -> end;
            case "offset" -> value;
            case "shift" -> (committed == null ? end : committed) + value;
            case "timestamp" -> {
                TimestampAndOffset found = log.offsetForTimestamp(value);
                yield found == null ? end : found.offset();
            }
            default -> throw new BadRequestException("to=" + to
                    + ": use earliest, latest, offset, timestamp or shift");
        };
        return Math.max(start, Math.min(end, target));
    }

    private static List<Integer> partitionList(Object given) {
        if (given == null) {
            return null;
        }
        if (!(given instanceof List<?> list)) {
            throw new BadRequestException("partitions must be a list of partition numbers");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new BadRequestException("partitions must be a list of partition numbers, not " + o);
            }
            out.add(l.intValue());
        }
        return out;
    }

    /** Waits for the coordinator's answer on the calling (console or metrics) thread. */
    static <T> T await(CompletableFuture<T> future, long timeoutMs) throws Exception {
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("the group coordinator did not answer within " + timeoutMs + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : e;
        }
    }
}
