package io.runnel.broker.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A broker's {@code Main} in a child JVM, with its output collected line by line. {@link #close()} kills it if it
 * is still running.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildProcess(Process process) {
        this.process = process;
        this.outReader = drain(process.getInputStream(), out, "child-stdout");
        this.errReader = drain(process.getErrorStream(), err, "child-stderr");
    }

    /**
     * Starts {@code mainClass} with the main (not test) class path of this JVM, so that it runs as it would from
     * the shaded jar: no test resources, no logback-test.xml.
     */
    public static ChildProcess startMain(Path workDir, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(mainClassPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ChildProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    /**
     * Starts {@code mainClass} with this JVM's whole class path, test classes and test dependencies included (a
     * kafka-clients consumer in its own process, for instance).
     */
    public static ChildProcess startTestMain(Path workDir, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ChildProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    private static String mainClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith("test-classes")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The operating system's id of the process (to sample its memory, for instance). */
    public long pid() {
        return process.pid();
    }

    /** Waits up to {@code timeout} for a stdout line matching {@code condition}; null when none came. */
    public String awaitOut(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : out) {
                if (condition.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && !outReader.isAlive()) {
                return null;
            }
            outReader.join(20);
        }
        return null;
    }

    /** Sends {@code signal} (TERM, INT, ...) with kill(1). */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits for the process to exit and its output to be read; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child did not exit within " + timeout + "; output: " + out + err);
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    public List<String> out() {
        return out;
    }

    public List<String> err() {
        return err;
    }

    /** Kills the process if it still runs and waits (bounded) for it and its output readers to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            outReader.join(10_000);
            errReader.join(10_000);
        } catch (InterruptedException e) {
            // The process is killed already; let the interrupted caller see its interrupt.
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream stream, List<String> lines, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<reading the child's output failed: " + e + ">");
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
