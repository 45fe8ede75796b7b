package io.runnel.broker.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The leak check itself must be able to fail: a buffer dropped without release is reported. */
class NettyLeakCheckTest {
    @Test
    void aBufferDroppedWithoutReleaseIsReported() {
        NettyLeakCheck.collectLeaks();
        leakOne();
        List<String> leaks = new ArrayList<>();
        // Collection and reference processing are asynchronous: poll until the detector has seen it.
        await().atMost(Duration.ofSeconds(10)).until(() -> leaks.addAll(NettyLeakCheck.collectLeaks()));
        assertEquals(1, leaks.size(), leaks.toString());
        assertTrue(leaks.get(0).contains("leakOne"), "the record names where the buffer was used: " + leaks);
    }

    private static void leakOne() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeLong(42);
    }
}
