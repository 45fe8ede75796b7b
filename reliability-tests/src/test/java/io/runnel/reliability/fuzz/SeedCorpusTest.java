package io.runnel.reliability.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.ApiKey;
import io.runnel.protocol.record.RecordBatch;
import io.runnel.protocol.record.compression.Compression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed seed corpora are worth fuzzing from: every API and version Runnel reads has a seed that decodes
 * whole (so the fuzzer starts past the header checks everywhere), recorded kafka-clients traffic is there, and
 * the batch corpus holds batches the validator accepts, compressed and not.
 */
class SeedCorpusTest {
    @Test
    void everyApiAndVersionHasASeedThatDecodes() throws Exception {
        Map<String, RequestFrameProbe.Outcome> best = new TreeMap<>();
        int recorded = 0;
        for (Map.Entry<String, byte[]> seed : SeedCorpus.load(SeedCorpus.FRAMES_DIR).entrySet()) {
            byte[] frame = seed.getValue();
            String apiVersion = ApiKey.forId(SeedCorpus.shortAt(frame, 0)).apiName() + "-v" + SeedCorpus.shortAt(frame, 2);
            assertTrue(seed.getKey().startsWith(apiVersion + "-"), seed.getKey() + " holds a " + apiVersion + " frame");
            if (RequestFrameProbe.probe(frame) == RequestFrameProbe.Outcome.DECODED) {
                best.put(apiVersion, RequestFrameProbe.Outcome.DECODED);
            }
            recorded += seed.getKey().contains("-recorded-") ? 1 : 0;
        }
        List<String> missing = new ArrayList<>();
        for (ApiKey api : ApiKey.values()) {
            for (short v = api.lowestVersion(); v <= api.highestVersion(); v++) {
                if (best.get(api.apiName() + "-v" + v) == null) {
                    missing.add(api.apiName() + " v" + v);
                }
            }
        }
        assertEquals(List.of(), missing, "API versions without a seed that decodes");
        assertTrue(recorded >= 40, "recorded kafka-clients frames in the corpus: " + recorded);
    }

    @Test
    void theBatchCorpusHoldsValidBatchesCompressedAndNot() throws Exception {
        int accepted = 0;
        int gzip = 0;
        for (byte[] records : SeedCorpus.load(SeedCorpus.BATCHES_DIR).values()) {
            ByteBuf buf = Unpooled.wrappedBuffer(records);
            if (RecordsProbe.probe(buf) == RecordsProbe.Verdict.ACCEPTED) {
                accepted++;
                gzip += new RecordBatch().wrap(buf, 0).compressionId() == Compression.GZIP_ID ? 1 : 0;
            }
        }
        assertTrue(accepted >= 10, "valid record sets in the batch corpus: " + accepted);
        assertTrue(gzip >= 1 && gzip < accepted, "gzip record sets: " + gzip + " of " + accepted);
    }
}
