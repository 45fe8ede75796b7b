package io.runnel.broker.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.ConfigException;
import io.runnel.broker.config.SecurityConfigKeys;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Builds the server's TLS context from Kafka's {@code ssl.*} keys: a key store (JKS, PKCS12, or PEM as a file or as
 * inline text), an optional trust store for client certificates, {@code ssl.client.auth}, the enabled protocols and
 * cipher suites. The JDK's TLS provider is used.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * The server TLS context {@code config} describes.
     *
     * @throws ConfigException naming the key whose value cannot be used (file missing, wrong password, ...)
     */
    public static SslContext server(BrokerConfig config) {
        SslContextBuilder builder = keyMaterial(config);
        trustMaterial(config, builder);
        builder.sslProvider(SslProvider.JDK)
                .clientAuth(switch (config.get(SecurityConfigKeys.SSL_CLIENT_AUTH)) {
                    case "required" -> ClientAuth.REQUIRE;
                    case "requested" -> ClientAuth.OPTIONAL;
                    default -> ClientAuth.NONE;
                })
                .protocols(config.get(SecurityConfigKeys.SSL_ENABLED_PROTOCOLS));
        if (!config.get(SecurityConfigKeys.SSL_CIPHER_SUITES).isEmpty()) {
            builder.ciphers(config.get(SecurityConfigKeys.SSL_CIPHER_SUITES));
        }
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(),
                    config.get(SecurityConfigKeys.SSL_KEYSTORE_LOCATION), "cannot build a TLS context: " + e);
        }
    }

    private static SslContextBuilder keyMaterial(BrokerConfig config) {
        String type = config.get(SecurityConfigKeys.SSL_KEYSTORE_TYPE);
        String location = config.get(SecurityConfigKeys.SSL_KEYSTORE_LOCATION);
        String keyPassword = config.get(SecurityConfigKeys.SSL_KEY_PASSWORD);
        if (type.equals("PEM")) {
            byte[] chain;
            byte[] key;
            if (!location.isEmpty()) {
                chain = read(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(), location);
                key = chain;
            } else {
                chain = config.get(SecurityConfigKeys.SSL_KEYSTORE_CERTIFICATE_CHAIN).getBytes(StandardCharsets.UTF_8);
                key = config.get(SecurityConfigKeys.SSL_KEYSTORE_KEY).getBytes(StandardCharsets.UTF_8);
                if (chain.length == 0 || key.length == 0) {
                    throw new ConfigException(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(), "",
                            "a TLS listener needs a key store, or ssl.keystore.key and ssl.keystore.certificate.chain");
                }
            }
            try {
                return SslContextBuilder.forServer(new ByteArrayInputStream(chain), new ByteArrayInputStream(key),
                        keyPassword.isEmpty() ? null : keyPassword);
            } catch (RuntimeException e) {
                throw new ConfigException(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(), location,
                        "not a PEM private key and certificate chain: " + e.getMessage());
            }
        }
        if (location.isEmpty()) {
            throw new ConfigException(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(), "",
                    "a TLS listener needs a key store");
        }
        String storePassword = config.get(SecurityConfigKeys.SSL_KEYSTORE_PASSWORD);
        KeyStore store = load(SecurityConfigKeys.SSL_KEYSTORE_LOCATION.name(), type, location, storePassword);
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, (keyPassword.isEmpty() ? storePassword : keyPassword).toCharArray());
            return SslContextBuilder.forServer(factory);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SecurityConfigKeys.SSL_KEY_PASSWORD.name(), "(hidden)",
                    "cannot read the private key of " + location + ": " + e.getMessage());
        }
    }

    private static void trustMaterial(BrokerConfig config, SslContextBuilder builder) {
        String type = config.get(SecurityConfigKeys.SSL_TRUSTSTORE_TYPE);
        String location = config.get(SecurityConfigKeys.SSL_TRUSTSTORE_LOCATION);
        if (type.equals("PEM")) {
            byte[] certificates = location.isEmpty()
                    ? config.get(SecurityConfigKeys.SSL_TRUSTSTORE_CERTIFICATES).getBytes(StandardCharsets.UTF_8)
                    : read(SecurityConfigKeys.SSL_TRUSTSTORE_LOCATION.name(), location);
            if (certificates.length > 0) {
                try {
                    builder.trustManager(new ByteArrayInputStream(certificates));
                } catch (RuntimeException e) {
                    throw new ConfigException(SecurityConfigKeys.SSL_TRUSTSTORE_LOCATION.name(), location,
                            "not PEM certificates: " + e.getMessage());
                }
            }
            return;
        }
        if (location.isEmpty()) {
            return;
        }
        KeyStore store = load(SecurityConfigKeys.SSL_TRUSTSTORE_LOCATION.name(), type, location,
                config.get(SecurityConfigKeys.SSL_TRUSTSTORE_PASSWORD));
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            builder.trustManager(factory);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SecurityConfigKeys.SSL_TRUSTSTORE_LOCATION.name(), location, e.getMessage());
        }
    }

    private static KeyStore load(String key, String type, String location, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot load the " + type + " store: " + e.getMessage());
        }
    }

    private static byte[] read(String key, String location) {
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read: " + e);
        }
    }
}
