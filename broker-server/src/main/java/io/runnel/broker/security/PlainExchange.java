package io.runnel.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The server side of SASL PLAIN (RFC 4616): one token, {@code authzid NUL user NUL password}, checked against the
 * user's SCRAM credential (the strongest mechanism the user has): the password is salted and hashed as SCRAM would
 * and compared with the stored key. A user without credentials is hashed against a made-up salt all the same, so
 * the time taken does not tell whether the user exists. Only over TLS does PLAIN keep the password secret.
 */
final class PlainExchange implements SaslExchange {
    private final ScramCredentialStore store;
    private final byte[] fakeSaltKey;
    private String user;
    private boolean done;
    private boolean used;

    PlainExchange(ScramCredentialStore store, byte[] fakeSaltKey) {
        this.store = store;
        this.fakeSaltKey = fakeSaltKey;
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws AuthenticationFailedException {
        if (used) {
            throw new AuthenticationFailedException("the PLAIN exchange is over");
        }
        used = true;
        String token = new String(clientToken, StandardCharsets.UTF_8);
        int first = token.indexOf('\0');
        int second = first < 0 ? -1 : token.indexOf('\0', first + 1);
        if (second < 0 || token.indexOf('\0', second + 1) >= 0) {
            throw new AuthenticationFailedException("Authentication failed: invalid PLAIN message");
        }
        String authzid = token.substring(0, first);
        String name = token.substring(first + 1, second);
        String password = token.substring(second + 1);
        if (name.isEmpty() || (!authzid.isEmpty() && !authzid.equals(name))) {
            throw new AuthenticationFailedException("Authentication failed: invalid PLAIN message");
        }
        ScramMechanism mechanism = ScramMechanism.SCRAM_SHA_512;
        ScramCredential credential = store.get(name, mechanism);
        if (credential == null) {
            mechanism = ScramMechanism.SCRAM_SHA_256;
            credential = store.get(name, mechanism);
        }
        boolean known = credential != null;
        byte[] salt = known ? credential.salt() : mechanism.hmac(fakeSaltKey, name.getBytes(StandardCharsets.UTF_8));
        int iterations = known ? credential.iterations() : ScramMechanism.MIN_ITERATIONS;
        ScramCredential offered = mechanism.credential(mechanism.saltedPassword(password, salt, iterations), salt,
                iterations);
        if (!known || !MessageDigest.isEqual(offered.storedKey(), credential.storedKey())) {
            throw new AuthenticationFailedException("Authentication failed: Invalid username or password");
        }
        user = name;
        done = true;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    @Override
    public String userName() {
        if (!done) {
            throw new IllegalStateException("the PLAIN exchange has not completed");
        }
        return user;
    }

    @Override
    public boolean isCostly() {
        return true;
    }
}
