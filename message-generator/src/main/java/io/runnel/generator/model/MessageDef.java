package io.runnel.generator.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated class: an API's request or response, or a standalone message (the headers). Holds the
 * message's versions, its flexible versions and its structs: the root, whose fields are the message's own,
 * and the nested structs in the order they were declared.
 */
public final class MessageDef {
    /** The API key of a message that is not an API body. */
    public static final int NO_API = -1;

    private final String className;
    private final int apiKey;
    private final VersionRange versions;
    private final VersionRange flexible;
    private final StructDef root;
    private final Map<String, StructDef> structs = new LinkedHashMap<>();

    /**
     * @param flexible the flexible versions: {@link VersionRange#NONE} or an open-ended range
     */
    public MessageDef(String className, int apiKey, VersionRange versions, VersionRange flexible) {
        if (!flexible.isEmpty() && !flexible.isOpenEnded()) {
            throw new IllegalArgumentException("flexible versions of " + className + " must be N+ or none, not "
                    + flexible);
        }
        this.className = className;
        this.apiKey = apiKey;
        this.versions = versions;
        this.flexible = flexible;
        this.root = new StructDef(className);
    }

    public String className() {
        return className;
    }

    /** The API key, or {@link #NO_API}. */
    public int apiKey() {
        return apiKey;
    }

    public boolean isApi() {
        return apiKey != NO_API;
    }

    public VersionRange versions() {
        return versions;
    }

    public VersionRange flexible() {
        return flexible;
    }

    /** Whether no version of this message is flexible. */
    public boolean neverFlexible() {
        return flexible.isEmpty();
    }

    /** The first flexible version; {@link VersionRange#OPEN} when the message is never flexible. */
    public int firstFlexible() {
        return neverFlexible() ? VersionRange.OPEN : flexible.lo();
    }

    public boolean isFlexible(int version) {
        return flexible.contains(version);
    }

    /** The struct whose fields are the message's own; named like the message. */
    public StructDef root() {
        return root;
    }

    /** Registers a nested struct; false (and nothing changes) when the name is taken. */
    public boolean addStruct(StructDef struct) {
        return structs.putIfAbsent(struct.name(), struct) == null;
    }

    /** The nested struct named {@code name}, or null. */
    public StructDef struct(String name) {
        return structs.get(name);
    }

    /** The nested structs, in declaration order. */
    public List<StructDef> structs() {
        return List.copyOf(structs.values());
    }
}
