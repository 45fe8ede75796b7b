package io.runnel.cli;

import io.runnel.broker.EmbeddedBroker;
import io.runnel.protocol.ApiKey;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiVersionsCommandTest {
    @Test
    void printsEveryApiTheBrokerAdvertises() {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            int exit;
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                exit = new CommandLine(new RunnelCommand())
                        .execute("api-versions", "--bootstrap-server", broker.bootstrapServers());
            } finally {
                System.setOut(original);
            }
            assertEquals(0, exit);
            List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.get(0).startsWith("API"), lines.get(0));
            List<String> apis = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cols = line.trim().split("\\s+");
                ApiKey key = ApiKey.forId(Short.parseShort(cols[1]));
                assertEquals(key.apiName(), cols[0]);
                assertEquals(key.advertisedLowestVersion() + "-" + key.advertisedHighestVersion(), cols[2]);
                apis.add(cols[0]);
            }
            assertTrue(apis.contains("ApiVersions"), apis.toString());
        }
    }

    @Test
    void unreachableBrokerFailsWithNonZeroExit() {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new RunnelCommand());
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute("api-versions", "--bootstrap-server", "127.0.0.1:1", "--timeout-ms", "2000");
        assertTrue(exit != 0, "exit " + exit);
    }

    @Test
    void rejectsAddressWithoutPort() {
        int exit = new CommandLine(new RunnelCommand()).execute("api-versions", "--bootstrap-server", "localhost");
        assertEquals(2, exit);
    }
}
