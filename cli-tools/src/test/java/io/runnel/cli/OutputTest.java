package io.runnel.cli;

import io.runnel.cli.output.Json;
import io.runnel.cli.output.Table;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table layout and the JSON writer. */
class OutputTest {
    private static List<String> print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString().lines().toList();
    }

    @Test
    void numericColumnsAlignRightTextColumnsLeft() {
        List<String> lines = print(new Table("TOPIC", "PARTITION", "LAG").row("orders", 0, 12).row("a", 10, null));
        assertEquals(List.of(
                "TOPIC   PARTITION  LAG",
                "orders          0   12",
                "a              10    -"), lines);
    }

    @Test
    void aTableTooWideForOneHundredColumnsCutsItsWidestTextColumn() {
        String longId = "member-" + "x".repeat(120);
        List<String> lines = print(new Table("MEMBER-ID", "CLIENT-ID", "PARTITIONS").row(longId, "client", 3));
        lines.forEach(line -> assertTrue(line.length() <= Table.WIDTH, line.length() + ": " + line));
        assertTrue(lines.get(1).startsWith("member-xxx") && lines.get(1).contains(".."), lines.get(1));
        assertTrue(lines.get(1).matches(".*\\.\\.  client\\s+3"), lines.get(1));
    }

    @Test
    void jsonEscapesAndKeepsKeyOrder() {
        Map<String, Object> doc = Json.object("b", 1, "a", Arrays.asList("x\"y", null, true), "c\n", Map.of());
        String pretty = Json.pretty(doc);
        assertEquals(doc.toString().replace("\n", "\\n"), JsonParser.parse(pretty).toString().replace("\n", "\\n"));
        assertEquals("{\"b\":1,\"a\":[\"x\\\"y\",null,true],\"c\\n\":{}}", Json.compact(doc));
        assertEquals("\"\\u0001\"", Json.compact("\u0001"));
        assertEquals("[null,1.5]", Json.compact(List.of(Double.NaN, 1.5)));
    }
}
