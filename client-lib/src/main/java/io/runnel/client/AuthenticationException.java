package io.runnel.client;

/**
 * The broker refused this client's credentials (SASL: wrong password, unknown user, mechanism not enabled) or the TLS
 * handshake failed (the broker's certificate is not trusted, or the broker did not accept this client's). Not
 * retriable: the same credentials will be refused again. The message names the broker and says why, as far as the
 * broker told.
 */
public class AuthenticationException extends RunnelException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
