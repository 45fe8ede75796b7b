/**
 * Server-side assignors of consumer-protocol groups ({@code uniform}, {@code range}): given the members, their
 * subscriptions and the partition counts, each computes a whole group's target assignment.
 *
 * <p>Invariants: an assignor is a pure, deterministic function of its {@link
 * io.runnel.broker.group.assignor.AssignmentSpec} (no state, no I/O, safe from any thread); it gives each partition
 * to at most one member and a member only partitions of topics it subscribes to (the caller checks both before
 * acting). The value types here are immutable. This package depends on nothing else in the broker.
 */
package io.runnel.broker.group.assignor;
