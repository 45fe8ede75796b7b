package io.runnel.broker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which signals this JVM inherited as ignored. A child process inherits the disposition too: when
 * {@code mvn verify} is started in the background from a non-interactive shell (or under {@code nohup}), SIGINT
 * is ignored, the child JVM installs no handler for it, and a SIGINT sent to the child does nothing.
 */
public final class InheritedSignals {
    private static final Path STATUS = Path.of("/proc/self/status");

    private InheritedSignals() {
    }

    /** True when signal {@code number} is ignored by this process, read from the SigIgn mask of /proc. */
    public static boolean isIgnored(int number) {
        if (!Files.isReadable(STATUS)) {
            return false;
        }
        try {
            return isIgnored(Files.readAllLines(STATUS), number);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + STATUS + " failed", e);
        }
    }

    /** True when signal {@code number} is set in the SigIgn line of a /proc/PID/status text. */
    static boolean isIgnored(List<String> statusLines, int number) {
        for (String line : statusLines) {
            if (line.startsWith("SigIgn:")) {
                BigInteger mask = new BigInteger(line.substring("SigIgn:".length()).trim(), 16);
                return mask.testBit(number - 1);
            }
        }
        return false;
    }
}
