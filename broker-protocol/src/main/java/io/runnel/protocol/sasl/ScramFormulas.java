package io.runnel.protocol.sasl;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * SCRAM's functions (RFC 5802) for SCRAM-SHA-256 and SCRAM-SHA-512: {@code Hi} (PBKDF2), HMAC and the hash, which
 * both sides of a SASL exchange and AlterUserScramCredentials (the client salts a new password, the broker derives
 * its keys) compute alike. Stateless; any thread.
 */
public final class ScramFormulas {
    private final String digest;
    private final String hmac;

    private ScramFormulas(String digest, String hmac) {
        this.digest = digest;
        this.hmac = hmac;
    }

    /**
     * The functions of {@code mechanism}.
     *
     * @throws IllegalArgumentException when it is neither SCRAM-SHA-256 nor SCRAM-SHA-512
     */
    public static ScramFormulas of(String mechanism) {
        return switch (mechanism) {
            case "SCRAM-SHA-256" -> new ScramFormulas("SHA-256", "HmacSHA256");
            case "SCRAM-SHA-512" -> new ScramFormulas("SHA-512", "HmacSHA512");
            default -> throw new IllegalArgumentException("not a SCRAM mechanism: " + mechanism);
        };
    }

    /** {@code Hi(password, salt, iterations)}. */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        Mac prf = macFor(password.getBytes(StandardCharsets.UTF_8));
        prf.update(salt);
        byte[] u = prf.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = prf.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    /** HMAC of {@code data} keyed with {@code key}. */
    public byte[] hmac(byte[] key, byte[] data) {
        return macFor(key).doFinal(data);
    }

    /** The hash of {@code data}. */
    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + digest, e);
        }
    }

    private Mac macFor(byte[] key) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + hmac, e);
        }
    }
}
