/**
 * Benchmarks, never tests: JMH benchmarks of storage (append, pipelined group commit, reads) and mains that
 * compare Runnel's clients with kafka-clients on one broker. Each prints its figures; docs/performance.md gives
 * the command that reproduces every figure it quotes.
 *
 * <p>Invariant: a benchmark measures; it asserts nothing about time, and nothing in the product depends on it.
 */
package io.runnel.benchmarks;
