package io.runnel.broker.security;

/**
 * A SASL exchange failed: bad credentials, an unknown user or a malformed message. The message is what the client
 * is told; it never says whether the user exists.
 */
public final class AuthenticationFailedException extends Exception {
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
