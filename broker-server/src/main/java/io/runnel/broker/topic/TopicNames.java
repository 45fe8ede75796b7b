package io.runnel.broker.topic;

import java.util.Set;

/**
 * Kafka's topic name rules: 1..249 characters of {@code [a-zA-Z0-9._-]}, and not "." or "..". Names that differ
 * only by '.' against '_' collide (metrics names cannot tell them apart), and the broker's internal topics are
 * reserved.
 */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

    /** The group coordinator's committed offsets and group records. */
    public static final String CONSUMER_OFFSETS = "__consumer_offsets";

    /** The transaction coordinator's state of every transactional id. */
    public static final String TRANSACTION_STATE = "__transaction_state";

    /** Topics the broker itself writes, reported as internal in Metadata and not created by clients. */
    public static final Set<String> INTERNAL = Set.of(CONSUMER_OFFSETS, TRANSACTION_STATE, "__share_group_state");

    private TopicNames() {
    }

    /** @throws InvalidTopicException naming the topic and the rule it breaks */
    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidTopicException("topic name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidTopicException("topic name \"" + name + "\" is not allowed");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidTopicException("topic name of " + name.length() + " characters is longer than "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidTopicException("topic name \"" + name + "\" has the character '" + c
                        + "'; only [a-zA-Z0-9._-] are allowed");
            }
        }
    }

    /** True for a topic the broker keeps for itself ({@link #INTERNAL}). */
    public static boolean isInternal(String name) {
        return INTERNAL.contains(name);
    }

    /** True when the two (different) names would be confused because they differ only by '.' against '_'. */
    public static boolean collide(String a, String b) {
        return !a.equals(b) && a.length() == b.length() && a.replace('.', '_').equals(b.replace('.', '_'));
    }
}
