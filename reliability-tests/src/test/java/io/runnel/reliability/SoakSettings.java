package io.runnel.reliability;

import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How long a reliability suite runs and from which seed. By default (plain {@code mvn verify}) a suite runs its
 * fixed-seed fast version; under the {@code soak} Maven profile ({@code -Drunnel.soak=true}) it runs until
 * {@code runnel.soak.duration} (ISO-8601, default PT10M) has passed, from {@code runnel.soak.seed} (random when
 * not given). Either way the seed is printed in the suite's summary line, so a failure replays.
 *
 * @param soak     whether this is the long version
 * @param duration how long the long version runs; unused by the fast one, which counts its rounds
 * @param seed     the seed every random choice of the suite derives from
 */
public record SoakSettings(boolean soak, Duration duration, long seed) {
    /** The settings this JVM was started with; {@code fastSeed} is the fast version's fixed seed. */
    public static SoakSettings current(long fastSeed) {
        boolean soak = Boolean.getBoolean("runnel.soak");
        String seed = System.getProperty("runnel.soak.seed", "").trim();
        long chosen = seed.isEmpty() ? (soak ? System.nanoTime() : fastSeed) : Long.decode(seed);
        Duration duration = Duration.parse(System.getProperty("runnel.soak.duration", "PT10M").trim());
        return new SoakSettings(soak, duration, chosen);
    }

    /** Whether the suite should start another round: the fast one's count, or the soak one's deadline. */
    public boolean another(int roundsDone, int fastRounds, long startNanos) {
        return soak ? System.nanoTime() - startNanos < duration.toNanos() : roundsDone < fastRounds;
    }

    /**
     * Prints the one summary line of a suite run: its name, fast or soak, the seed, the wall time and its figures,
     * e.g. {@code RELIABILITY socket-fuzz mode=fast seed=42 took=PT4.1S inputs=900 crashes=0 leaks=0}.
     */
    public void printSummary(String suite, long startNanos, Map<String, ?> figures) {
        StringJoiner line = new StringJoiner(" ");
        line.add("RELIABILITY").add(suite).add("mode=" + (soak ? "soak" : "fast")).add("seed=" + seed)
                .add("took=" + Duration.ofMillis((System.nanoTime() - startNanos) / 1_000_000));
        figures.forEach((name, value) -> line.add(name + "=" + value));
        System.out.println(line);
    }
}
