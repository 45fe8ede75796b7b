package io.runnel.broker.security;

/**
 * The server side of one SASL authentication: takes the client's tokens one at a time and answers each, until the
 * client has proved who it is. Not thread-safe: one connection's tokens are evaluated one after the other.
 */
public interface SaslExchange {
    /**
     * Evaluates the client's next token.
     *
     * @return the token to send back (empty when there is nothing to say)
     * @throws AuthenticationFailedException when the client has failed to authenticate; the exchange is over
     */
    byte[] evaluate(byte[] clientToken) throws AuthenticationFailedException;

    /** True once the client has authenticated. */
    boolean isComplete();

    /** The authenticated user's name; only once {@link #isComplete()}. */
    String userName();

    /** True when evaluating a token may take milliseconds of CPU (a password to hash), so it runs off the network thread. */
    boolean isCostly();
}
