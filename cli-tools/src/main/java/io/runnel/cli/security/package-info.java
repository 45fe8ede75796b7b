/**
 * {@code runnel acls ...} and {@code runnel users ...}: the cluster's ACLs and SCRAM users through {@link
 * io.runnel.client.RunnelAdmin}, as {@code kafka-acls} and {@code kafka-configs --entity-type users} manage them.
 *
 * <p>Invariant: a password given to {@code users create} is salted and hashed by the client; it is never printed.
 */
package io.runnel.cli.security;
