package io.runnel.reliability.fuzz;

import io.runnel.broker.testing.NettyLeakCheck;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * Counts a Jazzer fuzz test's inputs by outcome, and the inputs that broke a property, and prints the suite's one
 * summary line when the class is done — in regression mode (the committed inputs, in {@code mvn verify}) or after
 * fuzzing ({@code JAZZER_FUZZ=1}, whose seed Jazzer prints itself) — then fails if Netty's leak detector reported a
 * buffer that was never released. Thread-safe.
 */
final class FuzzSummary<E extends Enum<E>> {
    private final String suite;
    private final E[] outcomes;
    private final AtomicLongArray counts;
    private final AtomicLong crashes = new AtomicLong();
    private final long startNanos = System.nanoTime();

    FuzzSummary(String suite, Class<E> outcomeType) {
        this.suite = suite;
        this.outcomes = outcomeType.getEnumConstants();
        this.counts = new AtomicLongArray(outcomes.length);
    }

    /** Runs one probe, counting its outcome, or the property it broke (then rethrown for Jazzer to save). */
    void probe(Supplier<E> probe) {
        E outcome;
        try {
            outcome = probe.get();
        } catch (RuntimeException | Error broken) {
            crashes.incrementAndGet();
            throw broken;
        }
        counts.incrementAndGet(outcome.ordinal());
    }

    void printAndCheckLeaks() {
        List<String> leaks = NettyLeakCheck.collectLeaks();
        long inputs = crashes.get();
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (E outcome : outcomes) {
            inputs += counts.get(outcome.ordinal());
            byOutcome.put(outcome.name(), counts.get(outcome.ordinal()));
        }
        String fuzz = System.getenv("JAZZER_FUZZ");
        System.out.println("RELIABILITY " + suite + " mode=" + (fuzz != null && !fuzz.isEmpty() ? "fuzz" : "regression")
                + " took=" + Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000) + " inputs=" + inputs
                + " crashes=" + crashes.get() + " leaks=" + leaks.size() + " outcomes=" + byOutcome);
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) in " + suite + ":\n"
                    + String.join("\n", leaks));
        }
    }
}
