package io.runnel.broker.security;

/**
 * Who is on one connection and how far its authentication has got: the listener it came in on, its principal, and
 * on SASL listeners the exchange under way and when the session expires (KIP-368, {@code connections.max.reauth.ms}).
 *
 * <p>Threads: created and read on the connection's event loop; a SASL exchange that hashes a password completes on
 * the security thread, so the fields it sets are volatile. The invariant the network layer keeps: until
 * {@link #isAuthenticated()}, nothing but ApiVersions, SaslHandshake and SaslAuthenticate is served.
 */
public final class ConnectionSession {
    private final String listenerName;
    private final SecurityProtocol protocol;
    private final String clientHost;
    private volatile UserPrincipal principal;
    private volatile String principalText;
    private volatile boolean authenticated;
    private volatile SaslExchange exchange;
    private volatile String mechanism;
    private volatile long expiresAtMillis;

    public ConnectionSession(String listenerName, SecurityProtocol protocol, String clientHost) {
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.clientHost = clientHost;
        this.principal = UserPrincipal.ANONYMOUS;
        this.principalText = principal.toString();
        this.authenticated = !protocol.usesSasl();
    }

    /** An authenticated anonymous session on a PLAINTEXT listener, for in-process callers and tests. */
    public static ConnectionSession anonymous(String clientHost) {
        return new ConnectionSession(SecurityProtocol.PLAINTEXT.name(), SecurityProtocol.PLAINTEXT, clientHost);
    }

    /** The name of the listener the connection came in on (upper case). */
    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    /** The client's IP address as text, as ACL hosts are written. */
    public String clientHost() {
        return clientHost;
    }

    /** The principal the connection acts for; {@code User:ANONYMOUS} until it authenticates. */
    public UserPrincipal principal() {
        return principal;
    }

    /** {@link #principal()} as ACLs write it, {@code User:alice}, made once per authentication. */
    public String principalText() {
        return principalText;
    }

    /** True once requests other than ApiVersions and SASL may be served. */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /** True when the SASL session has expired: the client did not re-authenticate in time. */
    public boolean isExpired(long nowMillis) {
        long expires = expiresAtMillis;
        return expires != 0 && nowMillis >= expires;
    }

    /** The principal of a TLS client certificate (SSL listeners); the connection is authenticated already. */
    public void tlsPeer(UserPrincipal peer) {
        if (!protocol.usesSasl()) {
            principal = peer;
            principalText = peer.toString();
        }
    }

    /** A SaslHandshake chose {@code saslMechanism}; its exchange starts. */
    public void beginSasl(String saslMechanism, SaslExchange saslExchange) {
        this.mechanism = saslMechanism;
        this.exchange = saslExchange;
    }

    /** The SASL exchange under way, or {@code null} when no handshake has started one. */
    public SaslExchange exchange() {
        return exchange;
    }

    /** The mechanism of the latest handshake, or {@code null}. */
    public String mechanism() {
        return mechanism;
    }

    /**
     * The exchange has completed: the connection acts for {@code user} until {@code expiresAtMillis} (0: forever).
     *
     * @return false when this is a re-authentication as someone else, which Kafka refuses
     */
    public boolean authenticated(UserPrincipal user, long expiresAt) {
        if (authenticated && !user.equals(principal)) {
            return false;
        }
        principal = user;
        principalText = user.toString();
        exchange = null;
        expiresAtMillis = expiresAt;
        authenticated = true;
        return true;
    }

    @Override
    public String toString() {
        return principal + " on " + listenerName + " from " + clientHost;
    }
}
