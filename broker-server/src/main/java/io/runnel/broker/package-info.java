/**
 * The broker as a whole: {@link io.runnel.broker.Broker} wires every package together and owns the start-up and
 * shutdown order; {@link io.runnel.broker.Main} is the {@code runnel-broker} command and
 * {@link io.runnel.broker.EmbeddedBroker} the in-process broker for tests; the data directory's lock and identity
 * ({@code meta.properties}) live here too.
 *
 * <p>Invariants: this is the only package that knows every other one (the wiring belongs here, never in a domain
 * package). {@code Broker.start} returns only once the broker accepts connections, and when it fails nothing is
 * left running or locked. {@code Broker.close} stops in one order: components that hold requests back answer them
 * (parked fetches, group waits), the network stops accepting and answers what it has taken on, the remaining
 * background threads stop, the logs close (writing the clean-shutdown marker only after the last append) and the
 * data directory is unlocked. Threads made here ({@code runnel-warm-up}, the {@code runnel-shutdown} hook) come
 * from {@link io.runnel.broker.thread.BrokerThreads} like every other broker thread.
 */
package io.runnel.broker;
