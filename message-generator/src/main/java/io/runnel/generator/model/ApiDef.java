package io.runnel.generator.model;

/**
 * One Kafka API as its schema file's {@code api} line declares it: one row of the {@code ApiKey} table.
 *
 * @param name       Kafka's name of the API, e.g. {@code Produce}
 * @param key        the API key
 * @param versions   the versions Runnel decodes and answers
 * @param advertised the versions advertised in ApiVersions (may reach below {@code versions})
 * @param flexible   the flexible versions: {@link VersionRange#NONE} or an open-ended range
 */
public record ApiDef(String name, int key, VersionRange versions, VersionRange advertised, VersionRange flexible) {

    /** The first flexible version; {@link VersionRange#OPEN} when the API is never flexible. */
    public int firstFlexible() {
        return flexible.isEmpty() ? VersionRange.OPEN : flexible.lo();
    }
}
