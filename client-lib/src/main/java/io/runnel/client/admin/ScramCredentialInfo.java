package io.runnel.client.admin;

/**
 * One SCRAM credential of a user as the broker describes it: the mechanism and the iteration count, never the salt
 * or the keys.
 *
 * @param mechanism  {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
 * @param iterations PBKDF2 iterations
 */
public record ScramCredentialInfo(String mechanism, int iterations) {
}
