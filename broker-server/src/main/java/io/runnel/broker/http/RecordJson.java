package io.runnel.broker.http;

import io.netty.buffer.ByteBuf;
import io.runnel.protocol.record.RecordView;

import java.util.Base64;

/**
 * One record as the API shows it: partition, offset, timestamp, key, value and headers, the bytes in base64 (the
 * console renders them as text, JSON or hex). Values longer than a limit are cut and flagged, so that one huge
 * record cannot make an answer huge.
 */
final class RecordJson {
    private RecordJson() {
    }

    /** A record, copied out of the batch buffer into a string, so it outlives the scan that read it. */
    record Shown(int partition, long offset, long timestamp, String json) {
    }

    static Shown of(int partition, RecordView record, int maxValueBytes) {
        JsonWriter json = new JsonWriter(new StringBuilder(128 + Math.min(record.sizeInBytes(), maxValueBytes) * 2));
        json.beginObject().field("partition", partition).field("offset", record.offset())
                .field("timestamp", record.timestamp());
        bytes(json, "key", record.key(), maxValueBytes);
        bytes(json, "value", record.value(), maxValueBytes);
        json.name("headers").beginArray();
        for (int i = 0; i < record.headerCount(); i++) {
            json.beginObject().field("key", record.headerKey(i));
            bytes(json, "value", record.headerValue(i), maxValueBytes);
            json.endObject();
        }
        json.endArray().endObject();
        return new Shown(partition, record.offset(), record.timestamp(), json.toJson());
    }

    private static void bytes(JsonWriter json, String name, ByteBuf bytes, int max) {
        if (bytes == null) {
            json.name(name).nullValue().field(name + "Size", -1);
            return;
        }
        int size = bytes.readableBytes();
        int shown = Math.min(size, max);
        byte[] copy = new byte[shown];
        bytes.getBytes(bytes.readerIndex(), copy);
        json.field(name, Base64.getEncoder().encodeToString(copy)).field(name + "Size", size);
        if (shown < size) {
            json.field(name + "Truncated", true);
        }
    }
}
