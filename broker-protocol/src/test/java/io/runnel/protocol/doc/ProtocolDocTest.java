package io.runnel.protocol.doc;

import io.runnel.protocol.ApiKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/protocol.md's API × version table must equal the one rendered from {@link ApiKey}. With
 * {@code -Drunnel.regenerateDocs=true} the test rewrites the table instead of failing.
 */
class ProtocolDocTest {
    private static final String REGENERATE_PROPERTY = "runnel.regenerateDocs";

    @Test
    void docsTableMatchesTheCode() throws IOException {
        Path file = ProtocolDoc.locate();
        assertTrue(Files.isRegularFile(file), file + " does not exist");
        if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
            ProtocolDoc.regenerate(file);
        }
        String documented = ProtocolDoc.tableIn(Files.readString(file, StandardCharsets.UTF_8));
        String rendered = ProtocolDoc.renderTable();
        if (!documented.equals(rendered)) {
            fail(file + " is out of date with ApiKey (+ from the code, - in the file). Regenerate it with\n"
                    + "  mvn -B -q -pl broker-protocol -am test -Dtest=ProtocolDocTest -D" + REGENERATE_PROPERTY
                    + "=true -Dsurefire.failIfNoSpecifiedTests=false\n"
                    + LineDiff.diff(rendered.lines().toList(), documented.lines().toList()));
        }
    }

    @Test
    void tableHasOneRowPerApiWithItsRanges() {
        List<String> rows = ProtocolDoc.renderTable().lines().skip(2).toList();
        assertEquals(ApiKey.values().length, rows.size());
        for (ApiKey key : ApiKey.values()) {
            String row = rows.stream().filter(r -> r.startsWith("| " + key.apiName() + " |")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + key.apiName()));
            String supported = key.lowestVersion() == key.highestVersion() ? String.valueOf(key.lowestVersion())
                    : key.lowestVersion() + "–" + key.highestVersion();
            assertTrue(row.startsWith("| " + key.apiName() + " | " + key.id() + " | " + supported + " |"), row);
        }
    }

    @Test
    void staleTableIsReportedAndRegenerationFixesIt() {
        String table = ProtocolDoc.renderTable();
        List<String> rows = table.lines().toList();
        String staleTable = String.join("\n", rows.subList(0, rows.size() - 1))
                + "\n| Bogus | 999 | 0 | 0 | never |\n";
        String stale = "intro\n" + ProtocolDoc.BEGIN + "\n" + staleTable + ProtocolDoc.END + "\nrest\n";
        String diff = LineDiff.diff(table.lines().toList(), ProtocolDoc.tableIn(stale).lines().toList());
        assertTrue(diff.contains("- | ") && diff.contains("+ | "), diff);
        String fixed = ProtocolDoc.withCurrentTable(stale);
        assertEquals(table, ProtocolDoc.tableIn(fixed));
        assertTrue(fixed.startsWith("intro\n") && fixed.endsWith(ProtocolDoc.END + "\nrest\n"), fixed);
    }
}
