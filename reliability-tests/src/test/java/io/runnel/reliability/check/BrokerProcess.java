package io.runnel.reliability.check;

import io.runnel.broker.Main;
import io.runnel.broker.testing.ChildProcess;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker as users run it — {@code Main} in a child JVM with the shaded jar's class path — on one data
 * directory and one fixed 127.0.0.1 port, so that clients reconnect to it by themselves after every restart.
 * {@link #kill()} sends SIGKILL; {@link #start()} starts it again, as an operator or a supervisor would, with no
 * repair step: recovery is the broker's own business. Not thread-safe: one test thread drives it.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final Path dataDir;
    private final int port;
    private final Map<String, String> settings;
    private ChildProcess child;
    private int starts;

    public BrokerProcess(Path workDir, Map<String, String> settings) throws IOException {
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.settings = settings;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running broker's process id. */
    public long pid() {
        return child.pid();
    }

    /** How many times the broker was started. */
    public int starts() {
        return starts;
    }

    /** Starts the broker and waits for its start-up line; fails with its output when it does not come up. */
    public void start() throws IOException, InterruptedException {
        launch();
        String line = child.awaitOut(l -> l.contains("Runnel broker started on"), START_TIMEOUT);
        if (line == null) {
            String output = "stdout " + child.out() + " stderr " + child.err();
            child.close();
            child = null;
            throw new AssertionError("start " + starts + " of the broker on " + dataDir + " did not come up within "
                    + START_TIMEOUT + ": " + output);
        }
    }

    /**
     * Starts the broker and sends it SIGKILL {@code delay} later, whether or not it has come up: a crash during
     * start-up and recovery. Returns whether it had printed its start-up line by then.
     */
    public boolean startAndKillAfter(Duration delay) throws IOException, InterruptedException {
        launch();
        String line = child.awaitOut(l -> l.contains("Runnel broker started on"), delay);
        kill();
        return line != null;
    }

    private void launch() throws IOException {
        if (child != null) {
            throw new IllegalStateException("the broker is running already");
        }
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--set", "listeners=PLAINTEXT://127.0.0.1:" + port));
        if (!settings.containsKey("http.listener")) {
            // Its default is a fixed port: two brokers on the machine (another suite, another worktree) would clash.
            args.add("--set");
            args.add("http.listener=none");
        }
        settings.forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        child = ChildProcess.startMain(workDir, Main.class.getName(), args.toArray(String[]::new));
        starts++;
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-shutdown marker. */
    public void kill() throws IOException, InterruptedException {
        child.signal("KILL");
        int exit = child.awaitExit(EXIT_TIMEOUT);
        child.close();
        child = null;
        if (exit != 137) {
            throw new AssertionError("the killed broker exited with " + exit + ", not 137 (SIGKILL)");
        }
    }

    /** SIGTERM: a clean shutdown, which must exit 0. */
    public void stop() throws IOException, InterruptedException {
        stop(EXIT_TIMEOUT);
    }

    /** As {@link #stop()}, waiting up to {@code timeout} for the exit (a broker that flushes many partitions). */
    public void stop(Duration timeout) throws IOException, InterruptedException {
        child.signal("TERM");
        int exit = child.awaitExit(timeout);
        List<String> err = child.err();
        child.close();
        child = null;
        if (exit != 0) {
            throw new AssertionError("the broker exited with " + exit + " on SIGTERM; stderr " + err);
        }
    }

    public boolean running() {
        return child != null;
    }

    /** Kills the broker if it still runs. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
            child = null;
        }
    }
}
