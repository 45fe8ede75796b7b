package io.runnel.broker.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SCRAM credentials of every user, kept in {@code <data dir>/security/scram-credentials}: one line per user and
 * mechanism, {@code user mechanism iterations salt storedKey serverKey} (user URL-encoded, bytes in Base64). The
 * passwords themselves are never known to the broker.
 *
 * <p>Threads: readers (the SASL exchanges, on any thread) see an immutable snapshot through a volatile field and
 * never lock; {@link #apply} writes the file and then publishes the new snapshot, and is called on the security
 * thread only (it does file I/O and fsync).
 */
public final class ScramCredentialStore {
    private static final String FILE_NAME = "scram-credentials";
    private static final String HEADER = "# Runnel SCRAM credentials v1: user mechanism iterations salt storedKey serverKey";

    /** One change: set ({@code credential} not null) or remove a user's credential for one mechanism. */
    public record Change(String user, ScramMechanism mechanism, ScramCredential credential) {
    }

    private final SecurityFile file;
    private volatile Map<String, Map<ScramMechanism, ScramCredential>> users;

    private ScramCredentialStore(SecurityFile file, Map<String, Map<ScramMechanism, ScramCredential>> users) {
        this.file = file;
        this.users = users;
    }

    /**
     * Loads the credentials of {@code dataDir}; none when the file does not exist yet.
     *
     * @throws UncheckedIOException when the file cannot be read or a line does not parse (naming the line)
     */
    public static ScramCredentialStore open(Path dataDir) {
        SecurityFile file = new SecurityFile(dataDir, FILE_NAME);
        Map<String, Map<ScramMechanism, ScramCredential>> users = new TreeMap<>();
        try {
            int number = 0;
            for (String line : file.readLines()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.trim().split(" ");
                ScramMechanism mechanism = fields.length == 6 ? ScramMechanism.forName(fields[1]) : null;
                if (mechanism == null) {
                    throw new IOException("line " + number + " of " + file.path() + " is not a credential");
                }
                Base64.Decoder base64 = Base64.getDecoder();
                users.computeIfAbsent(URLDecoder.decode(fields[0], StandardCharsets.UTF_8),
                        u -> new EnumMap<>(ScramMechanism.class)).put(mechanism, new ScramCredential(
                        base64.decode(fields[3]), base64.decode(fields[4]), base64.decode(fields[5]),
                        Integer.parseInt(fields[2])));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("Cannot read SCRAM credentials from " + file.path()
                    + ": " + e.getMessage(), e));
        }
        return new ScramCredentialStore(file, freeze(users));
    }

    /** The credential of {@code user} for {@code mechanism}, or {@code null}. */
    public ScramCredential get(String user, ScramMechanism mechanism) {
        Map<ScramMechanism, ScramCredential> credentials = users.get(user);
        return credentials == null ? null : credentials.get(mechanism);
    }

    /** Every user with at least one credential, by name, with their credentials. */
    public Map<String, Map<ScramMechanism, ScramCredential>> all() {
        return users;
    }

    /**
     * Applies {@code changes} in order, writes the file and publishes the result. Security thread only.
     *
     * @throws UncheckedIOException when the file cannot be written; nothing changes then
     */
    public synchronized void apply(List<Change> changes) {
        Map<String, Map<ScramMechanism, ScramCredential>> next = new TreeMap<>();
        for (Map.Entry<String, Map<ScramMechanism, ScramCredential>> entry : users.entrySet()) {
            next.put(entry.getKey(), new EnumMap<>(entry.getValue()));
        }
        for (Change change : changes) {
            if (change.credential() == null) {
                Map<ScramMechanism, ScramCredential> credentials = next.get(change.user());
                if (credentials != null) {
                    credentials.remove(change.mechanism());
                    if (credentials.isEmpty()) {
                        next.remove(change.user());
                    }
                }
            } else {
                next.computeIfAbsent(change.user(), u -> new EnumMap<>(ScramMechanism.class))
                        .put(change.mechanism(), change.credential());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        Base64.Encoder base64 = Base64.getEncoder();
        for (Map.Entry<String, Map<ScramMechanism, ScramCredential>> user : next.entrySet()) {
            for (Map.Entry<ScramMechanism, ScramCredential> entry : user.getValue().entrySet()) {
                ScramCredential credential = entry.getValue();
                lines.add(URLEncoder.encode(user.getKey(), StandardCharsets.UTF_8) + " "
                        + entry.getKey().mechanismName() + " " + credential.iterations() + " "
                        + base64.encodeToString(credential.salt()) + " "
                        + base64.encodeToString(credential.storedKey()) + " "
                        + base64.encodeToString(credential.serverKey()));
            }
        }
        try {
            file.replace(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write SCRAM credentials to " + file.path(), e);
        }
        users = freeze(next);
    }

    private static Map<String, Map<ScramMechanism, ScramCredential>> freeze(
            Map<String, Map<ScramMechanism, ScramCredential>> users) {
        Map<String, Map<ScramMechanism, ScramCredential>> frozen = new TreeMap<>();
        for (Map.Entry<String, Map<ScramMechanism, ScramCredential>> entry : users.entrySet()) {
            frozen.put(entry.getKey(), Collections.unmodifiableMap(new EnumMap<>(entry.getValue())));
        }
        return Collections.unmodifiableMap(frozen);
    }
}
