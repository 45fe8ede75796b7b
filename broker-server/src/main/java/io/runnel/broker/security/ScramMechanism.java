package io.runnel.broker.security;

import io.runnel.protocol.sasl.ScramFormulas;

import java.nio.charset.StandardCharsets;

/**
 * The SCRAM mechanisms (RFC 5802, RFC 7677) with their wire codes from KIP-554, and SCRAM's key derivation. Thread
 * rules: stateless; every method may be called from any thread.
 */
public enum ScramMechanism {
    SCRAM_SHA_256((byte) 1, "SCRAM-SHA-256"),
    SCRAM_SHA_512((byte) 2, "SCRAM-SHA-512");

    /** Kafka's bounds on the iteration count of a stored credential. */
    public static final int MIN_ITERATIONS = 4096;
    public static final int MAX_ITERATIONS = 16384;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private final byte code;
    private final String mechanismName;
    private final ScramFormulas formulas;

    ScramMechanism(byte code, String mechanismName) {
        this.code = code;
        this.mechanismName = mechanismName;
        this.formulas = ScramFormulas.of(mechanismName);
    }

    /** The KIP-554 code (DescribeUserScramCredentials, AlterUserScramCredentials). */
    public byte code() {
        return code;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** The mechanism with this KIP-554 code, or {@code null}. */
    public static ScramMechanism forCode(byte code) {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.code == code) {
                return mechanism;
            }
        }
        return null;
    }

    /** The mechanism with this SASL name, or {@code null}. */
    public static ScramMechanism forName(String name) {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(name)) {
                return mechanism;
            }
        }
        return null;
    }

    /** {@code Hi(password, salt, iterations)} of RFC 5802: PBKDF2 with this mechanism's HMAC. */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        return formulas.saltedPassword(password, salt, iterations);
    }

    /** The credential the server keeps for a salted password: never the password nor the salted password. */
    public ScramCredential credential(byte[] saltedPassword, byte[] salt, int iterations) {
        byte[] clientKey = hmac(saltedPassword, CLIENT_KEY);
        return new ScramCredential(salt.clone(), hash(clientKey), hmac(saltedPassword, SERVER_KEY), iterations);
    }

    /** HMAC of {@code data} keyed with {@code key}. */
    public byte[] hmac(byte[] key, byte[] data) {
        return formulas.hmac(key, data);
    }

    /** The hash of {@code data}. */
    public byte[] hash(byte[] data) {
        return formulas.hash(data);
    }
}
