package io.runnel.reliability.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples another JVM's memory from outside: its resident set from {@code /proc/<pid>/status} (heap, direct
 * buffers, metaspace, threads: everything) and its used heap from {@code jcmd <pid> GC.heap_info}. Keeps the peaks;
 * one thread, started and stopped by the test.
 */
final class ProcessMemory implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRssKb;
    private volatile long peakHeapUsedKb;
    private volatile long peakOffHeapKb;
    private volatile int samples;
    private volatile IOException failure;

    ProcessMemory(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::run, "overload-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int tick = 0;
        while (running) {
            try {
                long rss = rssKb();
                peakRssKb = Math.max(peakRssKb, rss);
                if (tick++ % 5 == 0) {
                    long[] heap = heapKb();
                    if (heap != null) {
                        peakHeapUsedKb = Math.max(peakHeapUsedKb, heap[1]);
                        // What the resident set holds beyond the committed heap: direct buffers, metaspace, stacks.
                        peakOffHeapKb = Math.max(peakOffHeapKb, rss - heap[0]);
                    }
                }
                samples++;
                TimeUnit.MILLISECONDS.sleep(1_000); // a sampling period, not a wait for a condition
            } catch (IOException e) {
                failure = e;
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** {committed, used} heap in KiB, or null when jcmd answered nothing usable. */
    private long[] heapKb() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = HEAP_USED.matcher(out);
        return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : null;
    }

    long peakRssMb() {
        return peakRssKb / 1024;
    }

    long peakHeapUsedMb() {
        return peakHeapUsedKb / 1024;
    }

    long peakOffHeapMb() {
        return peakOffHeapKb / 1024;
    }

    int samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(30_000);
        if (failure != null) {
            throw new AssertionError("sampling the memory of process " + pid + " failed", failure);
        }
    }
}
