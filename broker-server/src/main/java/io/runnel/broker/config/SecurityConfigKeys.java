package io.runnel.broker.config;

import static io.runnel.broker.config.ConfigTypes.booleanKey;
import static io.runnel.broker.config.ConfigTypes.choiceKey;
import static io.runnel.broker.config.ConfigTypes.intKey;
import static io.runnel.broker.config.ConfigTypes.longKey;
import static io.runnel.broker.config.ConfigTypes.nameListKey;
import static io.runnel.broker.config.ConfigTypes.nameMapKey;
import static io.runnel.broker.config.ConfigTypes.passwordKey;
import static io.runnel.broker.config.ConfigTypes.stringKey;
import static io.runnel.broker.config.ConfigTypes.stringListKey;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The broker's security keys, with Kafka's names and meanings: which listener speaks which protocol, TLS, SASL and
 * authorization. Part of {@link BrokerConfig#KEYS}. The TLS and SASL keys apply to every listener that uses TLS or
 * SASL (Kafka's per-listener {@code listener.name.<name>.<key>} form is not read).
 */
public final class SecurityConfigKeys {
    /** The protocols a listener may speak. */
    public static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** The name {@code authorizer.class.name} takes for Runnel's ACL authorizer. */
    public static final String ACL_AUTHORIZER = "io.runnel.broker.security.AclAuthorizer";

    public static final ConfigKey<Map<String, String>> LISTENER_SECURITY_PROTOCOL_MAP = nameMapKey(
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                    + "SASL_SSL:SASL_SSL", PROTOCOLS,
            "The security protocol of each listener name, as NAME:PROTOCOL pairs; protocols are PLAINTEXT, SSL "
                    + "(TLS), SASL_PLAINTEXT (SASL without TLS) and SASL_SSL (SASL over TLS). Every listener's name "
                    + "must be mapped.");

    // ---- TLS ----
    public static final ConfigKey<String> SSL_KEYSTORE_TYPE = storeTypeKey("ssl.keystore.type",
            "Format of the key store: JKS, PKCS12 or PEM (a file with the private key and the certificate chain, "
                    + "or the two ssl.keystore.key/ssl.keystore.certificate.chain values).");
    public static final ConfigKey<String> SSL_KEYSTORE_LOCATION = stringKey("ssl.keystore.location", "",
            "The key store with this broker's private key and certificate chain; needed by SSL and SASL_SSL "
                    + "listeners unless ssl.keystore.type=PEM with ssl.keystore.key.");
    public static final ConfigKey<String> SSL_KEYSTORE_PASSWORD = passwordKey("ssl.keystore.password",
            "Password of the key store file (JKS, PKCS12).");
    public static final ConfigKey<String> SSL_KEY_PASSWORD = passwordKey("ssl.key.password",
            "Password of the private key, if it differs from the key store's (for PEM: of an encrypted PKCS#8 "
                    + "key).");
    public static final ConfigKey<String> SSL_KEYSTORE_KEY = passwordKey("ssl.keystore.key",
            "With ssl.keystore.type=PEM and no location: the private key itself, PKCS#8 PEM text.");
    public static final ConfigKey<String> SSL_KEYSTORE_CERTIFICATE_CHAIN = passwordKey(
            "ssl.keystore.certificate.chain", "With ssl.keystore.type=PEM and no location: the certificate "
                    + "chain, PEM text, this broker's certificate first.");
    public static final ConfigKey<String> SSL_TRUSTSTORE_TYPE = storeTypeKey("ssl.truststore.type",
            "Format of the trust store: JKS, PKCS12 or PEM.");
    public static final ConfigKey<String> SSL_TRUSTSTORE_LOCATION = stringKey("ssl.truststore.location", "",
            "The certificates this broker trusts for client certificates; empty: the JDK's default trust store.");
    public static final ConfigKey<String> SSL_TRUSTSTORE_PASSWORD = passwordKey("ssl.truststore.password",
            "Password of the trust store file (JKS, PKCS12); may be empty.");
    public static final ConfigKey<String> SSL_TRUSTSTORE_CERTIFICATES = passwordKey("ssl.truststore.certificates",
            "With ssl.truststore.type=PEM and no location: the trusted certificates, PEM text.");
    public static final ConfigKey<String> SSL_CLIENT_AUTH = choiceKey("ssl.client.auth", "none",
            List.of("none", "requested", "required"), "Whether TLS clients must present a certificate: none, "
                    + "requested (checked when presented) or required. A client's certificate names its principal "
                    + "on SSL listeners (User:<distinguished name>).");
    public static final ConfigKey<List<String>> SSL_ENABLED_PROTOCOLS = stringListKey("ssl.enabled.protocols",
            "TLSv1.2,TLSv1.3", ",", "The TLS versions a connection may use.");
    public static final ConfigKey<List<String>> SSL_CIPHER_SUITES = stringListKey("ssl.cipher.suites", "", ",",
            "The cipher suites a connection may use; empty: the JDK's defaults.");

    // ---- SASL ----
    public static final ConfigKey<List<String>> SASL_ENABLED_MECHANISMS = nameListKey("sasl.enabled.mechanisms",
            "SCRAM-SHA-256,SCRAM-SHA-512", Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), Map.of(),
            "The SASL mechanisms SASL_PLAINTEXT and SASL_SSL listeners offer: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 "
                    + "(GSSAPI and OAUTHBEARER are not supported). Users and their SCRAM credentials are kept in the "
                    + "data directory; PLAIN checks the password against them. (Kafka's default: GSSAPI.)");
    public static final ConfigKey<Long> CONNECTIONS_MAX_REAUTH_MS = longKey("connections.max.reauth.ms", 0L, 0,
            Long.MAX_VALUE, "KIP-368: a SASL session lasts this long; the client must re-authenticate on the "
                    + "connection before then, or the connection is closed at its next request. 0: sessions "
                    + "never expire.");
    public static final ConfigKey<Integer> CONNECTION_FAILED_AUTHENTICATION_DELAY_MS = intKey(
            "connection.failed.authentication.delay.ms", 100, 0, Integer.MAX_VALUE,
            "How long the answer to a failed authentication is held back before the connection is closed, so that "
                    + "a client cannot retry fast nor tell from the timing why it failed.");

    // ---- authorization ----
    public static final ConfigKey<String> AUTHORIZER_CLASS_NAME = authorizerKey();
    public static final ConfigKey<List<String>> SUPER_USERS = stringListKey("super.users", "", ";",
            "Principals allowed everything whatever the ACLs, separated by semicolons: User:admin;User:CN=ops.");
    public static final ConfigKey<Boolean> ALLOW_EVERYONE_IF_NO_ACL_FOUND = booleanKey(
            "allow.everyone.if.no.acl.found", false, "With an authorizer: whether a resource that no ACL "
                    + "matches is open to everyone (true) or to super users only (false).");

    /** Every security key, in the order broker.properties documents them. */
    static final List<ConfigKey<?>> KEYS = List.of(LISTENER_SECURITY_PROTOCOL_MAP,
            SSL_KEYSTORE_TYPE, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEY_PASSWORD, SSL_KEYSTORE_KEY,
            SSL_KEYSTORE_CERTIFICATE_CHAIN, SSL_TRUSTSTORE_TYPE, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD,
            SSL_TRUSTSTORE_CERTIFICATES, SSL_CLIENT_AUTH, SSL_ENABLED_PROTOCOLS, SSL_CIPHER_SUITES,
            SASL_ENABLED_MECHANISMS, CONNECTIONS_MAX_REAUTH_MS,
            CONNECTION_FAILED_AUTHENTICATION_DELAY_MS,
            AUTHORIZER_CLASS_NAME, SUPER_USERS, ALLOW_EVERYONE_IF_NO_ACL_FOUND);

    private SecurityConfigKeys() {
    }

    /** JKS, PKCS12 or PEM in any case, kept upper case. */
    private static ConfigKey<String> storeTypeKey(String name, String doc) {
        return new ConfigKey<>(name, "JKS", doc, ConfigKey.Type.STRING, text -> {
            String type = text.toUpperCase(Locale.ROOT);
            if (!type.equals("JKS") && !type.equals("PKCS12") && !type.equals("PEM")) {
                throw new IllegalArgumentException("must be JKS, PKCS12 or PEM");
            }
            return type;
        });
    }

    /** Empty (no authorizer) or Runnel's ACL authorizer, also under the class names Kafka's brokers use for theirs. */
    private static ConfigKey<String> authorizerKey() {
        Set<String> aliases = Set.of(ACL_AUTHORIZER, "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "kafka.security.authorizer.AclAuthorizer");
        return new ConfigKey<>("authorizer.class.name", "", "The authorizer that checks every request against "
                + "the ACLs: " + ACL_AUTHORIZER + " (Kafka's class names " + "org.apache.kafka.metadata.authorizer"
                + ".StandardAuthorizer and kafka.security.authorizer.AclAuthorizer mean it too). Empty: no "
                + "authorization, every client may do everything.", ConfigKey.Type.STRING, text -> {
            if (text.isEmpty()) {
                return "";
            }
            if (!aliases.contains(text)) {
                throw new IllegalArgumentException("must be empty or " + ACL_AUTHORIZER);
            }
            return ACL_AUTHORIZER;
        });
    }
}
