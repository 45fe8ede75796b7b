package io.runnel.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates a test makes for itself with the JDK's {@code keytool}, so that no private key is ever committed: a
 * test CA, and EC keys with certificates it signs for a broker ({@code CN=localhost}, valid for 127.0.0.1 and
 * localhost), for a client ({@code CN=client}) and for a broker whose certificate expired days ago, as PKCS12 stores
 * with the chain to the CA; the broker's key and chain as PEM; the CA's certificate as trust store (PKCS12 and PEM).
 * Every store and key has the password {@link #PASSWORD}.
 *
 * @param brokerKeystore        PKCS12: the broker's key and certificate
 * @param expiredBrokerKeystore PKCS12: a broker key whose certificate expired days ago
 * @param clientKeystore        PKCS12: a client's key and certificate
 * @param truststore            PKCS12: the test CA's certificate
 * @param brokerPem             PEM: the broker's unencrypted PKCS#8 key, then its certificate chain
 * @param truststorePem         PEM: the test CA's certificate
 */
public record TestCertificates(Path brokerKeystore, Path expiredBrokerKeystore, Path clientKeystore,
                               Path truststore, Path brokerPem, Path truststorePem) {
    public static final String PASSWORD = "test-secret";
    public static final String STORE_TYPE = "PKCS12";

    /** Makes every certificate and store in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Path ca = dir.resolve("ca.p12");
        keypair(ca, "ca", "CN=Runnel Test CA", "bc:c", null, 30);
        Path caCert = dir.resolve("ca.crt");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storetype", STORE_TYPE,
                "-storepass", PASSWORD, "-file", caCert.toString());
        Path broker = dir.resolve("broker.p12");
        Path expired = dir.resolve("broker-expired.p12");
        Path client = dir.resolve("client.p12");
        String brokerNames = "SAN=dns:localhost,ip:127.0.0.1";
        signed(dir, ca, caCert, broker, "broker", "CN=localhost", brokerNames, null, 30);
        signed(dir, ca, caCert, expired, "broker", "CN=localhost", brokerNames, "-10d", 2);
        signed(dir, ca, caCert, client, "client", "CN=client", null, null, 30);
        Path trust = dir.resolve("truststore.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                trust.toString(), "-storetype", STORE_TYPE, "-storepass", PASSWORD);
        Path trustPem = dir.resolve("truststore.pem");
        Files.copy(caCert, trustPem);
        Path brokerPem = dir.resolve("broker.pem");
        Files.writeString(brokerPem, pemOf(broker, "broker"), StandardCharsets.US_ASCII);
        return new TestCertificates(broker, expired, client, trust, brokerPem, trustPem);
    }

    /** A key pair in {@code store} whose certificate the CA in {@code ca} signs, with the chain to the CA. */
    private static void signed(Path dir, Path ca, Path caCert, Path store, String alias, String dname,
                               String extension, String startDate, int validityDays)
            throws IOException, InterruptedException {
        keypair(store, alias, dname, null, null, validityDays);
        Path request = dir.resolve(store.getFileName() + ".csr");
        Path certificate = dir.resolve(store.getFileName() + ".crt");
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storetype", STORE_TYPE, "-storepass",
                PASSWORD, "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-storetype", STORE_TYPE, "-storepass", PASSWORD, "-infile", request.toString(), "-outfile",
                certificate.toString(), "-validity", Integer.toString(validityDays)));
        if (extension != null) {
            sign.addAll(List.of("-ext", extension));
        }
        if (startDate != null) {
            sign.addAll(List.of("-startdate", startDate));
        }
        keytool(sign.toArray(new String[0]));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", store.toString(),
                "-storetype", STORE_TYPE, "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-keystore",
                store.toString(), "-storetype", STORE_TYPE, "-storepass", PASSWORD);
    }

    private static void keypair(Path store, String alias, String dname, String extension, String startDate,
                                int validityDays) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", Integer.toString(validityDays), "-keystore",
                store.toString(), "-storetype", STORE_TYPE, "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            args.add("-ext");
            args.add(extension);
        }
        if (startDate != null) {
            args.add("-startdate");
            args.add(startDate);
        }
        keytool(args.toArray(new String[0]));
    }

    private static String pemOf(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance(STORE_TYPE);
            keyStore.load(in, PASSWORD.toCharArray());
            Key key = keyStore.getKey(alias, PASSWORD.toCharArray());
            StringBuilder pem = new StringBuilder(block("PRIVATE KEY", key.getEncoded()));
            for (Certificate certificate : keyStore.getCertificateChain(alias)) {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            }
            return pem.toString();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + store, e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
