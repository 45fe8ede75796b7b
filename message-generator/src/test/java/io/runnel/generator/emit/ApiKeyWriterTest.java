package io.runnel.generator.emit;

import io.runnel.generator.model.ApiDef;
import io.runnel.generator.model.VersionRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeyWriterTest {

    @Test
    void constantNamesAreUpperSnakeCase() {
        assertEquals("PRODUCE", ApiKeyWriter.constantName("Produce"));
        assertEquals("CONSUMER_GROUP_HEARTBEAT", ApiKeyWriter.constantName("ConsumerGroupHeartbeat"));
        assertEquals("API_VERSIONS", ApiKeyWriter.constantName("ApiVersions"));
    }

    @Test
    void oneRowPerApiWithItsRangesAndDecoders() {
        List<ApiDef> apis = List.of(
                new ApiDef("Produce", 0, VersionRange.parse("3-12"), VersionRange.parse("0-12"),
                        VersionRange.parse("9+")),
                new ApiDef("SaslHandshake", 17, VersionRange.parse("0-1"), VersionRange.parse("0-1"),
                        VersionRange.NONE));
        String src = ApiKeyWriter.render(apis);
        assertTrue(src.startsWith("package io.runnel.protocol;\n"), src);
        assertTrue(src.contains("    PRODUCE((short) 0, \"Produce\", (short) 3, (short) 12, (short) 0, (short) 12, "
                + "(short) 9),\n"), src);
        assertTrue(src.contains("    SASL_HANDSHAKE((short) 17, \"SaslHandshake\", (short) 0, (short) 1, (short) 0, "
                + "(short) 1, Short.MAX_VALUE);\n"), src);
        assertTrue(src.contains("new ApiKey[18];"), src);
        assertTrue(src.contains("            case SASL_HANDSHAKE -> SaslHandshakeResponse.read(buf, version);\n"), src);
        assertTrue(src.contains("            case PRODUCE -> ProduceRequest.read(buf, version);\n"), src);
        assertTrue(src.endsWith("        };\n    }\n}\n"), src);
    }
}
