package io.runnel.reliability.power;

import io.runnel.reliability.disk.DiskBoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A power cut right after a broker's first start leaves a directory it starts again from, with the same identity. */
class FirstStartPowerCutTest {
    @Test
    void aBrokerStartsAgainWithItsClusterIdAfterAPowerCutRightAfterItsFirstStart(@TempDir Path tmp) throws Exception {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path image = tmp.resolve("after-cut");
        String clusterId;
        try (DiskBoot boot = DiskBoot.start(first, Map.of())) {
            clusterId = boot.broker().context().clusterId();
            boot.disk().powerCut(image, new Random(1));
        }
        try (DiskBoot again = DiskBoot.start(image, Map.of())) {
            assertEquals(clusterId, again.broker().context().clusterId());
        }
    }
}
