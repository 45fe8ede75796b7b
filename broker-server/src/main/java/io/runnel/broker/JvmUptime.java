package io.runnel.broker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Milliseconds since this JVM started, for the start-up line. On Linux it is read from {@code /proc} (process start
 * and system uptime, both in 10 ms ticks), which costs far less than the management beans used elsewhere.
 */
final class JvmUptime {
    /** Linux reports process start times in USER_HZ ticks, 100 per second on every supported architecture. */
    private static final int TICKS_PER_SECOND = 100;
    /** /proc/self/stat field 22, counted from field 3, the first after the command name. */
    private static final int START_TIME_FIELD = 22 - 3;

    private JvmUptime() {
    }

    static long millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[START_TIME_FIELD]);
            String uptime = Files.readString(Path.of("/proc/uptime"));
            double uptimeSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.round(uptimeSeconds * 1000) - startTicks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc is not mounted: ask the JVM.
            return ManagementFactory.getRuntimeMXBean().getUptime();
        }
    }
}
