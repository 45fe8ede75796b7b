package io.runnel.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM (RFC 5802) for one connection: client-first → server-first (nonce, salt, iterations),
 * client-final (proof) → server-final (signature). Channel binding is not supported (gs2 flag {@code n} or
 * {@code y}), as in Kafka.
 *
 * <p>An unknown user gets a made-up salt and the default iteration count, derived from a per-broker secret so that
 * they are the same on every try, and fails only at the proof: the exchange does not reveal whether a user exists.
 */
final class ScramExchange implements SaslExchange {
    private enum State { FIRST, FINAL, DONE, FAILED }

    private final ScramMechanism mechanism;
    private final ScramCredentialStore store;
    private final byte[] fakeSaltKey;
    private final SecureRandom random;

    private State state = State.FIRST;
    private String user;
    private ScramCredential credential;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String gs2Header;

    ScramExchange(ScramMechanism mechanism, ScramCredentialStore store, byte[] fakeSaltKey, SecureRandom random) {
        this.mechanism = mechanism;
        this.store = store;
        this.fakeSaltKey = fakeSaltKey;
        this.random = random;
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws AuthenticationFailedException {
        String message = new String(clientToken, StandardCharsets.UTF_8);
        try {
            return switch (state) {
                case FIRST -> first(message);
                case FINAL -> last(message);
                case DONE, FAILED -> throw new AuthenticationFailedException("the SCRAM exchange is over");
            };
        } catch (AuthenticationFailedException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private byte[] first(String message) throws AuthenticationFailedException {
        // gs2-header: "n," or "y," then an optional "a=authzid", then ","
        int second = message.indexOf(',', message.indexOf(',') + 1);
        if (second < 0 || !(message.startsWith("n,") || message.startsWith("y,"))) {
            throw malformed();
        }
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        String[] attributes = clientFirstBare.split(",");
        if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
            throw malformed();
        }
        user = attributes[0].substring(2).replace("=2C", ",").replace("=3D", "=");
        String clientNonce = attributes[1].substring(2);
        String authzid = gs2Header.length() > 3 && gs2Header.startsWith("a=", 2)
                ? gs2Header.substring(4, gs2Header.length() - 1) : "";
        if (user.isEmpty() || clientNonce.isEmpty() || (!authzid.isEmpty() && !authzid.equals(user))) {
            throw malformed();
        }
        credential = store.get(user, mechanism);
        byte[] salt;
        int iterations;
        if (credential != null) {
            salt = credential.salt();
            iterations = credential.iterations();
        } else {
            salt = mechanism.hmac(fakeSaltKey, user.getBytes(StandardCharsets.UTF_8));
            iterations = ScramMechanism.MIN_ITERATIONS;
        }
        byte[] serverNonce = new byte[18];
        random.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        state = State.FINAL;
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] last(String message) throws AuthenticationFailedException {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw malformed();
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",");
        String expectedBinding = "c=" + Base64.getEncoder().encodeToString(
                gs2Header.getBytes(StandardCharsets.UTF_8));
        if (attributes.length < 2 || !attributes[0].equals(expectedBinding) || !attributes[1].equals("r=" + nonce)) {
            throw malformed();
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        if (credential == null) {
            throw invalidCredentials();
        }
        byte[] clientSignature = mechanism.hmac(credential.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            throw invalidCredentials();
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(mechanism.hash(clientKey), credential.storedKey())) {
            throw invalidCredentials();
        }
        state = State.DONE;
        byte[] serverSignature = mechanism.hmac(credential.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    private AuthenticationFailedException malformed() {
        return new AuthenticationFailedException("Authentication failed: invalid " + mechanism.mechanismName()
                + " message");
    }

    private AuthenticationFailedException invalidCredentials() {
        return new AuthenticationFailedException("Authentication failed during authentication due to invalid "
                + "credentials with SASL mechanism " + mechanism.mechanismName());
    }

    @Override
    public boolean isComplete() {
        return state == State.DONE;
    }

    @Override
    public String userName() {
        if (state != State.DONE) {
            throw new IllegalStateException("the SCRAM exchange has not completed");
        }
        return user;
    }

    @Override
    public boolean isCostly() {
        return false;
    }
}
