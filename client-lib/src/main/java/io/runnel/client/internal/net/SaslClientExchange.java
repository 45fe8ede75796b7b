package io.runnel.client.internal.net;

import io.runnel.protocol.sasl.ScramFormulas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The client side of one SASL authentication: PLAIN (one message) or SCRAM-SHA-256/512 (RFC 5802: client-first,
 * then the proof computed from the server's salt and iteration count, then a check of the server's signature, so
 * the client knows the broker holds the user's credential). Not thread-safe: one connection's exchange runs on its
 * event loop.
 */
final class SaslClientExchange {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String mechanism;
    private final String user;
    private final String password;
    private final ScramFormulas scram;
    private int step;
    private String clientFirstBare;
    private String nonce;
    private byte[] serverSignature;

    SaslClientExchange(String mechanism, String user, String password) {
        this.mechanism = mechanism;
        this.user = user;
        this.password = password;
        this.scram = mechanism.equals("PLAIN") ? null : ScramFormulas.of(mechanism);
    }

    /** The first token to send. */
    byte[] first() {
        step = 1;
        if (mechanism.equals("PLAIN")) {
            return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        nonce = Base64.getEncoder().withoutPadding().encodeToString(random).replace('+', '-').replace('/', '_');
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The answer to the server's token, or {@code null} when the exchange is complete.
     *
     * @throws IllegalStateException with the reason when the server's token is malformed or its signature wrong
     */
    byte[] next(byte[] serverToken) {
        if (mechanism.equals("PLAIN")) {
            step = 2;
            return null;
        }
        String message = new String(serverToken, StandardCharsets.UTF_8);
        if (step == 1) {
            step = 2;
            return clientFinal(message);
        }
        if (step == 2) {
            step = 3;
            if (!message.startsWith("v=")
                    || !MessageDigest.isEqual(Base64.getDecoder().decode(message.substring(2)), serverSignature)) {
                throw new IllegalStateException("the broker's SCRAM signature is wrong: it does not hold this user's "
                        + "credential");
            }
            return null;
        }
        throw new IllegalStateException("the SCRAM exchange is already complete");
    }

    /** True once the exchange needs no more tokens. */
    boolean isComplete() {
        return mechanism.equals("PLAIN") ? step >= 1 : step >= 3;
    }

    private byte[] clientFinal(String serverFirst) {
        String serverNonce = null;
        byte[] salt = null;
        int iterations = 0;
        for (String attribute : serverFirst.split(",")) {
            if (attribute.startsWith("r=")) {
                serverNonce = attribute.substring(2);
            } else if (attribute.startsWith("s=")) {
                salt = Base64.getDecoder().decode(attribute.substring(2));
            } else if (attribute.startsWith("i=")) {
                iterations = Integer.parseInt(attribute.substring(2));
            }
        }
        if (serverNonce == null || !serverNonce.startsWith(nonce) || salt == null || iterations < 1) {
            throw new IllegalStateException("malformed SCRAM server-first message");
        }
        byte[] salted = scram.saltedPassword(password, salt, iterations);
        byte[] clientKey = scram.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = scram.hash(clientKey);
        String withoutProof = "c=biws,r=" + serverNonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] signature = scram.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        byte[] serverKey = scram.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        serverSignature = scram.hmac(serverKey, authMessage);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }
}
