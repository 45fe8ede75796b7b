package io.runnel.broker.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SCRAM mechanisms (RFC 5802, RFC 7677) with their wire codes from KIP-554, and SCRAM's key derivation. Thread
 * rules: stateless; every method may be called from any thread.
 */
public enum ScramMechanism {
    SCRAM_SHA_256((byte) 1, "SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
    SCRAM_SHA_512((byte) 2, "SCRAM-SHA-512", "SHA-512", "HmacSHA512");

    /** Kafka's bounds on the iteration count of a stored credential. */
    public static final int MIN_ITERATIONS = 4096;
    public static final int MAX_ITERATIONS = 16384;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    private final byte code;
    private final String mechanismName;
    private final String digest;
    private final String hmac;

    ScramMechanism(byte code, String mechanismName, String digest, String hmac) {
        this.code = code;
        this.mechanismName = mechanismName;
        this.digest = digest;
        this.hmac = hmac;
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
    public byte[] saltedPassword(byte[] password, byte[] salt, int iterations) {
        Mac mac = mac(password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    /** The credential the server keeps for a salted password: never the password nor the salted password. */
    public ScramCredential credential(byte[] saltedPassword, byte[] salt, int iterations) {
        byte[] clientKey = hmac(saltedPassword, CLIENT_KEY);
        return new ScramCredential(salt.clone(), hash(clientKey), hmac(saltedPassword, SERVER_KEY), iterations);
    }

    /** HMAC of {@code data} keyed with {@code key}. */
    public byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    /** The hash of {@code data}. */
    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + digest, e);
        }
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + hmac, e);
        }
    }
}
