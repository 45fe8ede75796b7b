package io.runnel.broker.topic;

/** Kafka's topic name rules: 1..249 characters of {@code [a-zA-Z0-9._-]}, and not "." or "..". */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

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
}
