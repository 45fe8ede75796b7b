package io.runnel.reliability.disk;

import io.runnel.broker.Broker;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.network.Transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One boot of a broker on a {@link SimulatedDisk} over a real directory: small segments and a dense index, so that
 * a few seconds of writes roll segments and fill indexes. NIO sockets: the disk's channels are not the JDK's.
 */
public record DiskBoot(SimulatedDisk disk, Broker broker) implements AutoCloseable {
    public static DiskBoot start(Path dir, Map<String, String> overrides) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("listeners", "PLAINTEXT://127.0.0.1:0");
        s.put("log.segment.bytes", "32768");
        s.put("log.index.interval.bytes", "256");
        s.put("offsets.topic.num.partitions", "1");
        s.put("http.listener", "none");
        s.putAll(overrides);
        SimulatedDisk disk = SimulatedDisk.over(dir);
        return new DiskBoot(disk, Broker.start(BrokerConfig.of(s), Transport.NIO, disk.root()));
    }

    public String bootstrap() {
        return broker.advertisedListener().hostPort();
    }

    @Override
    public void close() {
        broker.close();
    }
}
