package io.runnel.broker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config/broker.properties must document every key with its real default, commented out so the defaults apply,
 * and nothing else: this keeps the file and {@link BrokerConfig} from drifting apart.
 */
class BrokerPropertiesFileTest {
    private static final Path FILE = Path.of("..", "config", "broker.properties");

    @Test
    void documentsEveryKeyWithItsDefaultCommentedOut() throws IOException {
        List<String> lines = Files.readAllLines(FILE);
        Map<String, String> documented = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.isEmpty() || line.startsWith("#"), "line " + (i + 1) + " sets a value: " + line);
            if (line.matches("#[a-z][a-z0-9.]*=.*")) {
                String key = line.substring(1, line.indexOf('='));
                documented.put(key, line.substring(line.indexOf('=') + 1));
                assertTrue(i > 0 && lines.get(i - 1).startsWith("# "), key + " has no description above it");
            }
        }
        List<String> expectedOrder = new ArrayList<>();
        for (ConfigKey<?> key : BrokerConfig.KEYS) {
            expectedOrder.add(key.name());
            assertEquals(key.defaultText(), documented.get(key.name()), "default of " + key.name());
        }
        assertEquals(expectedOrder, new ArrayList<>(documented.keySet()));
    }

    @Test
    void theDocumentedFileLoadsToTheDefaults() {
        BrokerConfig config = BrokerConfig.of(BrokerConfig.readProperties(FILE));
        for (ConfigKey<?> key : BrokerConfig.KEYS) {
            assertEquals(key.defaultValue(), config.get(key), key.name());
        }
    }
}
