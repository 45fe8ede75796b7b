package io.runnel.client;

/** Stand-in for client-producer's Header until its branch is merged. */
public record Header(String key, byte[] value) {
}
