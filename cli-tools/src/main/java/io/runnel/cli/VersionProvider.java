package io.runnel.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --version} of every command: the project version Maven wrote into {@code version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"runnel " + projectVersion() + " (Java " + Runtime.version() + ")"};
    }

    /** The CLI's version alone, e.g. {@code 0.1.0-SNAPSHOT}: what ApiVersions sends as the software version. */
    public static String projectVersion() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CLI's version.properties", e);
        }
        return properties.getProperty("version", "0.0.0");
    }
}
