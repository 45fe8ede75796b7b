package io.runnel.broker.topic;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topics of this broker — name, id, partition count, config overrides — kept in memory and persisted one
 * file per topic ({@code <dir>/<topic>.properties}), each replaced atomically (temporary file, fsync, rename,
 * directory fsync), so a restart brings every topic back exactly and a crash leaves each topic either as it
 * was or as it became.
 *
 * <p>The registry knows nothing of logs; {@code LogManager} orders the steps of creating and deleting a topic
 * around it (partition directories first on create, the registry first on delete). Lookups are lock-free;
 * changes are serialised.
 */
public final class TopicRegistry {
    private static final String SUFFIX = ".properties";

    private final Path dir;
    private final Map<String, TopicInfo> byName = new ConcurrentHashMap<>();
    private final Map<UUID, TopicInfo> byId = new ConcurrentHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    private TopicRegistry(Path dir) {
        this.dir = dir;
    }

    /** Loads every topic file in {@code dir} (created if missing); leftover temporary files are removed. */
    public static TopicRegistry open(Path dir) {
        TopicRegistry r = new TopicRegistry(dir);
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(files::add);
            }
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.delete(p);
                } else if (name.endsWith(SUFFIX)) {
                    TopicInfo info = read(p);
                    r.byName.put(info.name(), info);
                    r.byId.put(info.id(), info);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("loading the topic registry from " + dir + " failed", e);
        }
        return r;
    }

    /**
     * Runs {@code listener} after every topic added, changed or removed, on the thread that changed it and while
     * changes are serialised: it must only hand the news on (the group coordinator re-reads the topics).
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }

    public TopicInfo get(String name) {
        return byName.get(name);
    }

    public TopicInfo get(UUID id) {
        return byId.get(id);
    }

    public Collection<TopicInfo> all() {
        return List.copyOf(byName.values());
    }

    /** Adds a topic and persists it before returning. */
    public synchronized void add(TopicInfo topic) {
        if (byName.containsKey(topic.name())) {
            throw new IllegalStateException("topic " + topic.name() + " already exists");
        }
        persist(topic);
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
        changed();
    }

    /** Replaces a topic's partition count or configs (same name and id) and persists it. */
    public synchronized void update(TopicInfo topic) {
        TopicInfo old = byName.get(topic.name());
        if (old == null || !old.id().equals(topic.id())) {
            throw new IllegalStateException("topic " + topic.name() + " with id " + topic.id() + " is not registered");
        }
        persist(topic);
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
        changed();
    }

    /** Removes a topic; its file is gone from disk when this returns. Returns the removed topic, or null. */
    public synchronized TopicInfo remove(String name) {
        TopicInfo old = byName.get(name);
        if (old == null) {
            return null;
        }
        try {
            Files.deleteIfExists(file(name));
            fsync(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("removing topic " + name + " from " + dir + " failed", e);
        }
        byName.remove(name);
        byId.remove(old.id());
        changed();
        return old;
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }

    private void persist(TopicInfo topic) {
        Properties p = new Properties();
        p.setProperty("name", topic.name());
        p.setProperty("id", topic.id().toString());
        p.setProperty("partitions", Integer.toString(topic.partitionCount()));
        for (Map.Entry<String, String> e : topic.configs().entrySet()) {
            p.setProperty("config." + e.getKey(), e.getValue());
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, "Runnel topic");
            Path target = file(topic.name());
            Path tmp = dir.resolve(topic.name() + SUFFIX + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsync(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("persisting topic " + topic.name() + " to " + dir + " failed", e);
        }
    }

    private static TopicInfo read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String name = p.getProperty("name");
        String id = p.getProperty("id");
        String partitions = p.getProperty("partitions");
        if (name == null || id == null || partitions == null) {
            throw new IOException("topic file " + file + " lacks name, id or partitions");
        }
        if (!file.getFileName().toString().equals(name + SUFFIX)) {
            throw new IOException("topic file " + file + " holds topic " + name);
        }
        Map<String, String> configs = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("config.")) {
                configs.put(key.substring("config.".length()), p.getProperty(key));
            }
        }
        try {
            return new TopicInfo(name, UUID.fromString(id), Integer.parseInt(partitions), configs);
        } catch (IllegalArgumentException e) {
            throw new IOException("topic file " + file + " is invalid: " + e.getMessage(), e);
        }
    }

    private static void fsync(Path directory) throws IOException {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
