package io.runnel.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runnel.broker.testing.RawConnection;
import io.runnel.broker.testing.Threads;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line in this JVM: exit codes, the one-line errors, precedence of the sources. */
class MainTest {
    private static final Pattern STARTED =
            Pattern.compile("Runnel broker started on (\\S+):(\\d+) \\(data: (.+)\\) in (\\d+) ms");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void badValueExitsWithTwoAndOneLineNamingKeyValueAndReason() {
        assertEquals(2, run("--set", "message.max.bytes=lots"));
        assertEquals("Invalid configuration: message.max.bytes=lots (must be an integer)\n", err());
        assertEquals("", out());
    }

    @Test
    void badStorageValueExitsWithTwoAndOneLine() {
        assertEquals(2, run("--set", "log.cleanup.policy=shred"));
        assertEquals("Invalid configuration: log.cleanup.policy=shred (must be a comma-separated list of delete, "
                + "compact)\n", err());
        assertEquals("", out());
    }

    @Test
    void badPortFlagsExitWithTwo() {
        assertEquals(2, run("--port", "70000"));
        assertEquals("Invalid configuration: --port=70000 (must be between 0 and 65535)\n", err());
        errBytes.reset();
        assertEquals(2, run("--port", "nine"));
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("runnel-broker: Invalid value for option '--port': 'nine'"), err());
        errBytes.reset();
        assertEquals(2, run("--no-such-flag"));
        assertEquals("runnel-broker: Unknown option: '--no-such-flag' (see --help)\n", err());
    }

    @Test
    void badValueInTheFileExitsWithTwo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093\n");
        assertEquals(2, run("--config", file.toString()));
        assertEquals("Invalid configuration: listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093 "
                + "(listener CONTROLLER has no protocol in listener.security.protocol.map)\n", err());
        errBytes.reset();
        assertEquals(2, run("--config", dir.resolve("missing.properties").toString()));
        assertEquals("Cannot read configuration file " + dir.resolve("missing.properties") + ": no such file\n",
                err());
    }

    @Test
    void helpListsTheFlags() {
        assertEquals(0, run("--help"));
        for (String flag : List.of("--config", "--port", "--data-dir", "--set")) {
            assertTrue(out().contains(flag), flag + " missing from\n" + out());
        }
    }

    @Test
    void flagsOverrideSetWhichOverridesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "listeners=PLAINTEXT://127.0.0.1:1\nlog.dirs=" + dir.resolve("from-file")
                + "\nnum.partitions=2\n");
        Path dataDir = dir.resolve("from-flag");
        ShutdownSignal signal = new ShutdownSignal();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(signal, "--config", file.toString(),
                "--set", "log.dirs=" + dir.resolve("from-set"), "--data-dir", dataDir.toString(), "--port", "0",
                "--set", "http.listener=127.0.0.1:0"));
        Matcher started = awaitStarted();
        assertEquals("127.0.0.1", started.group(1));
        int port = Integer.parseInt(started.group(2));
        assertTrue(port > 1, "--port 0 replaced the file's port");
        assertEquals(dataDir.toAbsolutePath().toString(), started.group(3));
        assertFalse(Files.exists(dir.resolve("from-file")));
        assertFalse(Files.exists(dir.resolve("from-set")));
        try (RawConnection connection = new RawConnection("127.0.0.1", port)) {
            connection.write(RawConnection.apiVersionsFrame((short) 0, 5));
            assertEquals(Errors.NONE.code(), connection.readApiVersions((short) 0, 5).data().errorCode());
        }
        signal.trigger("test");
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(), Threads.brokerThreads());
        assertEquals("", err());
    }

    @Test
    void aTakenDataDirectoryExitsWithOne(@TempDir Path dir) {
        try (EmbeddedBroker running = EmbeddedBroker.builder().dataDir(dir).start()) {
            assertEquals(1, run("--port", "0", "--data-dir", dir.toString()));
            assertEquals("Data directory " + dir.toAbsolutePath() + " is in use by another broker\n", err());
            assertTrue(running.port() > 0);
        }
    }

    @Test
    void theWarmUpThreadAndTheShutdownHookAreNamedAndMadeLikeEveryBrokerThread() {
        Thread warmUp = Main.newWarmUpThread();
        Thread hook = new ShutdownSignal().newHookThread();
        assertEquals("runnel-warm-up", warmUp.getName());
        assertEquals("runnel-shutdown", hook.getName());
        for (Thread thread : List.of(warmUp, hook)) {
            assertTrue(thread.isDaemon(), thread.getName() + " must not keep a JVM alive");
            assertEquals(Thread.State.NEW, thread.getState(), thread.getName() + " is started by its owner");
            assertFalse(thread.getUncaughtExceptionHandler() instanceof ThreadGroup,
                    thread.getName() + " logs what kills it instead of printing to standard error");
        }
    }

    private Matcher awaitStarted() {
        Matcher[] found = new Matcher[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher matcher = STARTED.matcher(out());
            if (matcher.find()) {
                found[0] = matcher;
                return true;
            }
            return false;
        });
        return found[0];
    }

    private int run(String... args) {
        return run(new ShutdownSignal(), args);
    }

    private int run(ShutdownSignal signal, String... args) {
        return Main.run(args, out, err, signal);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
