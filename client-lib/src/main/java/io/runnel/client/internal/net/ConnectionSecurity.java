package io.runnel.client.internal.net;

import io.netty.handler.ssl.SslContext;

/**
 * How the client secures each connection: TLS (a context, or none for plain TCP) and SASL credentials (or none).
 * Built by the public builders from {@code Security} and {@code Sasl}.
 *
 * @param tls       the client TLS context, or {@code null}
 * @param mechanism {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}, or {@code null} for no SASL
 * @param user      the SASL user, when {@code mechanism} is set
 * @param password  the SASL password, when {@code mechanism} is set; never logged
 */
public record ConnectionSecurity(SslContext tls, String mechanism, String user, String password) {
    /** Plain TCP, no authentication. */
    public static final ConnectionSecurity NONE = new ConnectionSecurity(null, null, null, null);

    /** True when connections authenticate with SASL after ApiVersions. */
    public boolean usesSasl() {
        return mechanism != null;
    }

    @Override
    public String toString() {
        return (tls != null ? "TLS" : "plaintext") + (mechanism != null ? ", SASL " + mechanism + " as " + user : "");
    }
}
