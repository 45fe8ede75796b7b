/**
 * The computations of Kafka's SASL SCRAM mechanisms that clients and the broker share ({@link
 * io.runnel.protocol.sasl.ScramFormulas}); the exchanges themselves live with each side.
 *
 * <p>Invariant: no state and no I/O; every function is pure.
 */
package io.runnel.protocol.sasl;
