package io.runnel.reliability.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the request decoders: request header and body of every API and version Runnel reads,
 * and the record batches of Produce requests (see {@link RequestFrameProbe} for the properties).
 *
 * <p>Plain {@code mvn verify} runs the committed inputs in {@code RequestFrameFuzzTestInputs/requestFrames}
 * (real requests that kafka-clients encoded, see {@link SeedCorpus}, and any crasher found since) as regression
 * tests. {@code JAZZER_FUZZ=1} fuzzes instead, for {@code -Djazzer.max_duration} (see docs/reliability.md).
 */
class RequestFrameFuzzTest {
    private static final FuzzSummary<RequestFrameProbe.Outcome> SUMMARY =
            new FuzzSummary<>("request-frame-fuzz", RequestFrameProbe.Outcome.class);

    @FuzzTest(maxDuration = "5m")
    void requestFrames(byte[] frame) {
        SUMMARY.probe(() -> RequestFrameProbe.probe(frame));
    }

    @AfterAll
    static void summary() {
        SUMMARY.printAndCheckLeaks();
    }
}
