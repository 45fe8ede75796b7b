package io.runnel.broker.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The API's JSON writer and parser: commas, escapes, numbers, and refusal of malformed bodies. */
class JsonTest {

    @Test
    void writesNestedValuesWithCommasAndEscapes() {
        String json = new JsonWriter().beginObject().field("a", 1).name("b").beginArray().value("x\"y")
                .value("<\n\u2028>").nullValue().endArray().fieldDouble("c", 2.5).fieldDouble("d", Double.NaN)
                .name("e").beginObject().endObject().field("f", true).endObject().toJson();
        assertEquals("{\"a\":1,\"b\":[\"x\\\"y\",\"\\u003c\\n\\u2028\\u003e\",null],\"c\":2.5,\"d\":null,\"e\":{},"
                + "\"f\":true}", json);
        assertEquals(Map.of("a", 1L, "b", java.util.Arrays.asList("x\"y", "<\n\u2028>", null), "c", 2.5,
                "e", Map.of(), "f", true), withoutNull(JsonParser.parseObject(json)));
    }

    private static Map<String, Object> withoutNull(Map<String, Object> map) {
        map.remove("d");
        return map;
    }

    @Test
    void refusesMalformedBodies() {
        for (String bad : List.of("", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\":1} x", "\"\\x\"", "{a:1}",
                "[".repeat(40) + "]".repeat(40))) {
            assertThrows(BadRequestException.class, () -> JsonParser.parse(bad), bad);
        }
        assertThrows(BadRequestException.class, () -> JsonParser.parseObject("[1]"));
    }
}
