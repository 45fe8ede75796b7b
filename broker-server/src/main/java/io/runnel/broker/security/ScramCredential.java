package io.runnel.broker.security;

/**
 * What the broker keeps of a SCRAM password (RFC 5802): the salt, the iteration count, and the two keys derived
 * from the salted password. Neither key lets anyone log in as the user; the stored key only checks a proof.
 *
 * @param salt       random salt chosen by whoever set the password
 * @param storedKey  {@code H(HMAC(SaltedPassword, "Client Key"))}
 * @param serverKey  {@code HMAC(SaltedPassword, "Server Key")}
 * @param iterations PBKDF2 iterations, 4096..16384
 */
public record ScramCredential(byte[] salt, byte[] storedKey, byte[] serverKey, int iterations) {
}
