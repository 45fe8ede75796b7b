package io.runnel.broker.testing;

import java.util.ArrayList;
import java.util.List;

/** The broker's own threads, to check that stopping it leaves none behind. */
public final class Threads {
    private Threads() {
    }

    /** Names of live threads started by the broker (their names start with "runnel-"). */
    public static List<String> brokerThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("runnel-")) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
