package io.runnel.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.runnel.broker.testing.ChildProcess;
import io.runnel.broker.testing.InheritedSignals;
import io.runnel.broker.testing.RawConnection;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real command in a child JVM: start-up line, default data directory, signals, exit codes, logging. */
class MainProcessTest {
    private static final Pattern STARTED =
            Pattern.compile("Runnel broker started on localhost:(\\d+) \\(data: (.+)\\) in (\\d+) ms");
    private static final Pattern HTTP = Pattern.compile("Metrics, health and web console on (http://\\S+/)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void startsAnswersAndStopsCleanlyOnSignal(String signal, @TempDir Path workDir) throws Exception {
        // A child inherits SIGINT as ignored from a background shell: it could never see the signal we send.
        assumeFalse(signal.equals("INT") && InheritedSignals.isIgnored(2),
                "SIGINT is ignored by this JVM (SigIgn in /proc/self/status: started in the background or under "
                        + "nohup), so the child broker inherits it ignored; the SIGINT case cannot run here");
        try (ChildProcess broker = ChildProcess.startMain(workDir, Main.class.getName(), "--port", "0",
                "--set", "http.listener=127.0.0.1:0")) {
            String line = broker.awaitOut(l -> STARTED.matcher(l).find(), TIMEOUT);
            assertNotNull(line, "no start-up line; stdout " + broker.out() + " stderr " + broker.err());
            Matcher started = STARTED.matcher(line);
            assertTrue(started.find());
            int port = Integer.parseInt(started.group(1));
            // No --data-dir: ./data, created in the working directory.
            assertEquals(workDir.resolve("data").toRealPath().toString(), started.group(2));
            long startupMillis = Long.parseLong(started.group(3));
            System.out.println("child broker start-up: " + startupMillis + " ms");
            assertTrue(startupMillis > 0 && startupMillis < 10_000, line);

            try (RawConnection connection = new RawConnection("localhost", port)) {
                connection.write(RawConnection.apiVersionsFrame((short) 3, 11));
                assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 3, 11).data().errorCode());
            }
            String httpLine = broker.awaitOut(l -> HTTP.matcher(l).find(), TIMEOUT);
            assertNotNull(httpLine, "no HTTP line; stdout " + broker.out());
            Matcher http = HTTP.matcher(httpLine);
            assertTrue(http.find());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(http.group(1) + "ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode());
            assertEquals("ready\n", ready.body());

            broker.signal(signal);
            assertEquals(0, broker.awaitExit(TIMEOUT), "exit code after SIG" + signal + "; " + broker.out());
            assertTrue(broker.out().stream().anyMatch(l -> l.endsWith("Stopping: shutdown signal")),
                    broker.out().toString());
            // Logged with the built-in configuration: timestamp, level, short logger name, message.
            assertTrue(broker.out().stream().anyMatch(l -> l.matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.r\\.b\\.Broker - Runnel broker 1 "
                            + "stopped")), broker.out().toString());
            assertEquals(List.of(), broker.err());
        }
    }

    @Test
    void aBadValueExitsWithTwoAndOneLineOnStandardError(@TempDir Path workDir) throws Exception {
        try (ChildProcess broker = ChildProcess.startMain(workDir, Main.class.getName(),
                "--set", "num.partitions=0", "--port", "0")) {
            assertEquals(2, broker.awaitExit(TIMEOUT));
            assertEquals(List.of("Invalid configuration: num.partitions=0 (must be at least 1)"), broker.err());
            assertEquals(List.of(), broker.out());
            assertFalse(Files.exists(workDir.resolve("data")), "nothing is created before the configuration is valid");
        }
    }
}
