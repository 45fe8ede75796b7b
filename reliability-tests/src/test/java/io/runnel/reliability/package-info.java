/**
 * Reliability suites (docs/reliability.md): bad input ({@code fuzz}, {@code socket}), crash durability
 * ({@code crash}) and group churn under faults ({@code churn}), with the checks they share ({@code check}).
 *
 * <p>Every suite has a fixed-seed fast version that runs in {@code mvn verify} and a long version under the
 * {@code soak} profile ({@link io.runnel.reliability.SoakSettings}); each prints one {@code RELIABILITY ...}
 * summary line with its seed and figures. Suites only drive the broker from outside — its decoders, its socket,
 * a child broker process — and read what it wrote in Kafka's on-disk format, never its storage classes.
 */
package io.runnel.reliability;
