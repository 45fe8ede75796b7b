package io.runnel.broker.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every ACL, kept in {@code <data dir>/security/acls}, one per line:
 * {@code resourceType patternType name principal host operation permission} (names URL-encoded), written whole on
 * every change ({@link SecurityFile}) so a crash keeps the old or the new set.
 *
 * <p>Threads: {@link #all()} is an immutable snapshot readable anywhere; {@link #add} and {@link #remove} write the
 * file and are called on the security thread only.
 */
public final class AclStore {
    private static final String FILE_NAME = "acls";
    private static final String HEADER = "# Runnel ACLs v1: resourceType patternType name principal host operation "
            + "permission";

    private final SecurityFile file;
    private volatile List<AclBinding> acls;

    private AclStore(SecurityFile file, List<AclBinding> acls) {
        this.file = file;
        this.acls = acls;
    }

    /**
     * Loads the ACLs of {@code dataDir}; none when the file does not exist yet.
     *
     * @throws UncheckedIOException when the file cannot be read or a line does not parse (naming the line)
     */
    public static AclStore open(Path dataDir) {
        SecurityFile file = new SecurityFile(dataDir, FILE_NAME);
        List<AclBinding> acls = new ArrayList<>();
        try {
            int number = 0;
            for (String line : file.readLines()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                AclBinding acl = f.length == 7 ? new AclBinding(AclResourceType.valueOf(f[0]),
                        decode(f[2]), AclPatternType.valueOf(f[1]), decode(f[3]), decode(f[4]),
                        AclOperation.valueOf(f[5]), AclPermission.valueOf(f[6])) : null;
                if (acl == null || acl.invalidReason() != null) {
                    throw new IOException("line " + number + " is not an ACL");
                }
                acls.add(acl);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("Cannot read ACLs from " + file.path() + ": "
                    + e.getMessage(), e));
        }
        return new AclStore(file, List.copyOf(acls));
    }

    /** Every ACL, in the order added. */
    public List<AclBinding> all() {
        return acls;
    }

    /** Adds {@code added} (an ACL already present stays once) and writes the file. Security thread only. */
    public synchronized void add(List<AclBinding> added) {
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        next.addAll(added);
        write(List.copyOf(next));
    }

    /**
     * Removes every ACL that matches any of {@code filters} and writes the file. Security thread only.
     *
     * @return for each filter, the ACLs it matched (an ACL matched by two filters is listed under both)
     */
    public synchronized List<List<AclBinding>> remove(List<AclFilter> filters) {
        List<List<AclBinding>> removed = new ArrayList<>(filters.size());
        Set<AclBinding> next = new LinkedHashSet<>(acls);
        for (AclFilter filter : filters) {
            List<AclBinding> matched = new ArrayList<>();
            for (AclBinding acl : acls) {
                if (filter.matches(acl)) {
                    matched.add(acl);
                    next.remove(acl);
                }
            }
            removed.add(matched);
        }
        if (next.size() != acls.size()) {
            write(List.copyOf(next));
        }
        return removed;
    }

    private void write(List<AclBinding> next) {
        List<String> lines = new ArrayList<>(next.size() + 1);
        lines.add(HEADER);
        for (AclBinding acl : next) {
            lines.add(acl.resourceType() + " " + acl.patternType() + " " + encode(acl.resourceName()) + " "
                    + encode(acl.principal()) + " " + encode(acl.host()) + " " + acl.operation() + " "
                    + acl.permission());
        }
        try {
            file.replace(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write ACLs to " + file.path(), e);
        }
        acls = next;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
