package io.runnel.broker;

import io.runnel.broker.log.LogFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * {@code meta.properties} in the data directory: the cluster id (made once, when the directory is new) and the
 * node id, so that a restarted broker answers with the same identity it had.
 *
 * @param clusterId Kafka's form: a random UUID as 22 characters of URL-safe base64 without padding
 * @param nodeId    the node id the directory was formatted with
 */
public record MetaProperties(String clusterId, int nodeId) {
    static final String FILE = "meta.properties";
    static final int FORMAT_VERSION = 1;

    /**
     * Reads the file in {@code dataDir}, or writes a new one with a fresh cluster id when there is none.
     *
     * @throws BrokerStartException when the file exists but names another node id, or cannot be read or written
     */
    static MetaProperties loadOrCreate(Path dataDir, int nodeId) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new BrokerStartException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            String clusterId = p.getProperty("cluster.id");
            String storedNode = p.getProperty("node.id");
            if (clusterId == null || storedNode == null) {
                throw new BrokerStartException(file + " lacks cluster.id or node.id");
            }
            int stored;
            try {
                stored = Integer.parseInt(storedNode.trim());
            } catch (NumberFormatException e) {
                throw new BrokerStartException(file + " has node.id=" + storedNode + ", not a number", e);
            }
            if (stored != nodeId) {
                throw new BrokerStartException("Data directory " + dataDir + " belongs to node.id=" + stored
                        + " but this broker is node.id=" + nodeId);
            }
            return new MetaProperties(clusterId.trim(), stored);
        }
        MetaProperties created = new MetaProperties(newClusterId(), nodeId);
        Properties p = new Properties();
        p.setProperty("version", String.valueOf(FORMAT_VERSION));
        p.setProperty("cluster.id", created.clusterId);
        p.setProperty("node.id", String.valueOf(nodeId));
        StringWriter text = new StringWriter();
        try {
            p.store(text, "Runnel data directory identity; do not edit");
            // fsynced, file and directory: a power cut right after the first start must not leave it empty
            LogFiles.writeAtomically(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return created;
    }

    static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
