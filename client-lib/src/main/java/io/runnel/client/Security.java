package io.runnel.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;

/**
 * TLS for a client that connects to an SSL or SASL_SSL listener, as Kafka's {@code security.protocol=SSL} with
 * {@code ssl.truststore.*} and, for client certificates, {@code ssl.keystore.*}. The broker's certificate is checked
 * against the trust store and must name the host connected to (Kafka's default
 * {@code ssl.endpoint.identification.algorithm=https}).
 *
 * <pre>{@code
 * Security tls = Security.tls(Path.of("truststore.p12"), "secret");          // trust these certificates
 * Security mtls = tls.withKeystore(Path.of("client.p12"), "secret");         // and present this one
 * }</pre>
 *
 * <p>Stores are PKCS12 or JKS (told apart by their content), or PEM certificates for the trust store
 * ({@code .pem}, {@code .crt}). Immutable; the stores are read when a client is built.
 */
public final class Security {
    private final Path truststore;
    private final String truststorePassword;
    private final Path keystore;
    private final String keystorePassword;

    private Security(Path truststore, String truststorePassword, Path keystore, String keystorePassword) {
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
    }

    /** TLS trusting the JDK's default certificate authorities. */
    public static Security tls() {
        return new Security(null, null, null, null);
    }

    /**
     * TLS trusting the certificates in {@code truststore}: a PKCS12 or JKS store opened with {@code password}, or a
     * PEM file of certificates (the password is then ignored and may be null).
     */
    public static Security tls(Path truststore, String password) {
        return new Security(Objects.requireNonNull(truststore, "truststore"), password, null, null);
    }

    /** The same TLS settings, presenting the key and certificate in {@code keystore} (PKCS12 or JKS) to the broker. */
    public Security withKeystore(Path keystore, String password) {
        return new Security(truststore, truststorePassword, Objects.requireNonNull(keystore, "keystore"),
                Objects.requireNonNull(password, "password"));
    }

    /**
     * The Netty TLS context these settings describe; for the client's connections.
     *
     * @throws IllegalArgumentException naming the store that cannot be read or opened
     */
    SslContext sslContext() {
        SslContextBuilder builder = SslContextBuilder.forClient();
        try {
            if (truststore != null) {
                String name = truststore.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".pem") || name.endsWith(".crt")) {
                    builder.trustManager(truststore.toFile());
                } else {
                    TrustManagerFactory trust = TrustManagerFactory.getInstance(
                            TrustManagerFactory.getDefaultAlgorithm());
                    trust.init(load(truststore, truststorePassword));
                    builder.trustManager(trust);
                }
            }
            if (keystore != null) {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, keystorePassword), keystorePassword.toCharArray());
                builder.keyManager(keys);
            }
            return builder.endpointIdentificationAlgorithm("HTTPS").build();
        } catch (GeneralSecurityException | SSLException | RuntimeException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + (truststore != null ? truststore : "the "
                    + "JDK's trust store") + (keystore != null ? " and " + keystore : "") + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, String password) {
        try {
            // KeyStore.getInstance(File) tells PKCS12 from JKS by the content.
            return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot open key store " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TLS" + (truststore != null ? " trusting " + truststore : "")
                + (keystore != null ? " with certificate " + keystore : "");
    }
}
