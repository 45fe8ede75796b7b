package io.runnel.broker.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.runnel.broker.log.LogConfig;
import io.runnel.broker.log.PartitionLog;
import io.runnel.broker.log.TopicAdmin;
import io.runnel.broker.metrics.TopicTraffic;
import io.runnel.broker.topic.InvalidPartitionsException;
import io.runnel.broker.topic.InvalidTopicException;
import io.runnel.broker.topic.TopicAlreadyExistsException;
import io.runnel.broker.topic.TopicInfo;
import io.runnel.broker.topic.TopicNames;
import io.runnel.broker.topic.TopicNotFoundException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Topics in the JSON API: {@code GET /api/v1/topics} (list), {@code GET /api/v1/topics/{topic}} (partitions and
 * configs), {@code POST /api/v1/topics} (create) and {@code DELETE /api/v1/topics/{topic}} (delete). Creating
 * and deleting go through the broker's {@link TopicAdmin}, exactly as CreateTopics and DeleteTopics do, with the
 * same checks and errors.
 */
final class TopicsApi {
    private final HttpEndpointContext ctx;

    TopicsApi(HttpEndpointContext ctx) {
        this.ctx = ctx;
    }

    CompletionStage<HttpReply> list(HttpCall call) {
        return ctx.workers().onConsole(() -> {
            List<TopicInfo> topics = new ArrayList<>(ctx.logs().registry().all());
            topics.sort(Comparator.comparing(TopicInfo::name));
            JsonWriter json = new JsonWriter().beginObject().field("time", ctx.clockMs().getAsLong())
                    .name("topics").beginArray();
            for (TopicInfo topic : topics) {
                long records = 0;
                long bytes = 0;
                for (PartitionLog log : ctx.partitions(topic, null)) {
                    records += log.logEndOffset() - log.logStartOffset();
                    bytes += log.sizeInBytes();
                }
                json.beginObject().field("name", topic.name()).field("id", topic.id().toString())
                        .field("partitions", topic.partitionCount()).field("records", records)
                        .field("sizeBytes", bytes).field("internal", TopicNames.isInternal(topic.name()));
                traffic(json, topic.name());
                json.endObject();
            }
            return HttpReply.json(json.endArray().endObject().toJson());
        });
    }

    CompletionStage<HttpReply> get(HttpCall call) {
        return ctx.workers().onConsole(() -> {
            TopicInfo topic = ctx.topic(call.variable("topic"));
            JsonWriter json = new JsonWriter().beginObject().field("name", topic.name())
                    .field("id", topic.id().toString()).field("internal", TopicNames.isInternal(topic.name()))
                    .field("time", ctx.clockMs().getAsLong());
            traffic(json, topic.name());
            json.name("partitions").beginArray();
            LogConfig config = null;
            for (PartitionLog log : ctx.partitions(topic, null)) {
                config = log.config();
                json.beginObject().field("partition", log.topicPartition().partition())
                        .field("earliest", log.logStartOffset()).field("latest", log.logEndOffset())
                        .field("sizeBytes", log.sizeInBytes()).field("segments", log.segmentCount()).endObject();
            }
            json.endArray().name("configs").beginArray();
            Map<String, String> effective = config == null ? Map.of() : new TreeMap<>(config.toTopicConfigMap());
            for (Map.Entry<String, String> e : effective.entrySet()) {
                json.beginObject().field("name", e.getKey()).field("value", e.getValue())
                        .field("override", topic.configs().containsKey(e.getKey())).endObject();
            }
            return HttpReply.json(json.endArray().endObject().toJson());
        });
    }

    CompletionStage<HttpReply> create(HttpCall call) {
        Map<String, Object> body = JsonParser.parseObject(call.body());
        String name = stringField(body, "name");
        int partitions = (int) longField(body, "partitions", -1);
        Map<String, String> configs = new LinkedHashMap<>();
        Object given = body.get("configs");
        if (given instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                configs.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        } else if (given != null) {
            throw new BadRequestException("configs must be an object of topic config names to values");
        }
        return ctx.broker().topics().create(new TopicAdmin.NewTopic(name, partitions, -1, configs), false)
                .handle((topic, failure) -> {
                    if (failure != null) {
                        throw translate(failure);
                    }
                    return HttpReply.json(HttpResponseStatus.CREATED, new JsonWriter().beginObject()
                            .field("name", topic.name()).field("id", topic.id().toString())
                            .field("partitions", topic.partitionCount()).endObject().toJson());
                });
    }

    CompletionStage<HttpReply> delete(HttpCall call) {
        String name = call.variable("topic");
        if (TopicNames.isInternal(name)) {
            throw new BadRequestException("internal topic " + name + " cannot be deleted");
        }
        return ctx.broker().topics().delete(name).handle((topic, failure) -> {
            if (failure != null) {
                throw translate(failure);
            }
            ctx.metrics().topics().remove(topic.name());
            return HttpReply.json(new JsonWriter().beginObject().field("deleted", topic.name()).endObject().toJson());
        });
    }

    private void traffic(JsonWriter json, String topic) {
        TopicTraffic t = ctx.metrics().topics().existing(topic);
        json.name("traffic").beginObject()
                .field("bytesIn", t == null ? 0 : t.bytesIn()).field("recordsIn", t == null ? 0 : t.recordsIn())
                .field("bytesOut", t == null ? 0 : t.bytesOut()).endObject();
    }

    /** The topic admin's refusals as HTTP errors; anything else stays a server error. */
    private static RuntimeException translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof TopicAlreadyExistsException) {
            return new ConflictException(cause.getMessage());
        }
        if (cause instanceof TopicNotFoundException) {
            return new NotFoundException(cause.getMessage());
        }
        if (cause instanceof InvalidTopicException || cause instanceof InvalidPartitionsException
                || cause instanceof IllegalArgumentException) {
            return new BadRequestException(cause.getMessage());
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    static String stringField(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new BadRequestException("field " + name + " must be a non-empty string");
        }
        return s;
    }

    static long longField(Map<String, Object> body, String name, long fallback) {
        Object value = body.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Long l)) {
            throw new BadRequestException("field " + name + " must be a whole number, not " + value);
        }
        return l;
    }
}
