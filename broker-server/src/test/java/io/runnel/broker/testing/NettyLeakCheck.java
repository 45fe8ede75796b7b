package io.runnel.broker.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Fails a test class when Netty's leak detector (PARANOID in tests) reports a buffer that was never released.
 *
 * <p>Registered for every test class through {@code META-INF/services} and {@code junit-platform.properties}. It
 * replaces Netty's leak-detector factory before any buffer class is initialised, so leaks are collected here as
 * well as logged. After each class it runs the garbage collector and allocates, which is when Netty looks for
 * buffers collected without a release.
 */
public final class NettyLeakCheck implements AfterAllCallback {
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<ResourceLeakDetector<?>> DETECTORS = new ConcurrentLinkedQueue<>();
    private static final int GC_ROUNDS = 3;

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) after " + context.getDisplayName()
                    + ":\n" + String.join("\n", leaks));
        }
    }

    /** Runs the detector and returns (and forgets) every leak reported so far. */
    public static List<String> collectLeaks() {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            // Netty polls for collected, unreleased buffers when it tracks a new one.
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
            // Other tracked resources (log slices) have detectors of their own, which look only when they track.
            for (ResourceLeakDetector<?> detector : DETECTORS) {
                probe(detector);
            }
        }
        List<String> leaks = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            leaks.add(leak);
        }
        return leaks;
    }

    @SuppressWarnings("unchecked")
    private static <T> void probe(ResourceLeakDetector<T> detector) {
        T probe = (T) new Object();
        ResourceLeakTracker<T> tracker = detector.track(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
            DETECTORS.add(detector);
            return detector;
        }

        /** Netty's abstract variant; {@code maxActive} is no longer used by Netty itself. */
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + " leaked:" + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType + " leaked (no access records)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
