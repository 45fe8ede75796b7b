/**
 * The socket-level fuzzer: bad clients (random, damaged, truncated, oversized, slow and half-closed frames, many
 * connections at once) against a running embedded broker, then checks that it still serves correctly, leaked
 * nothing and appended nothing corrupt.
 */
package io.runnel.reliability.socket;
