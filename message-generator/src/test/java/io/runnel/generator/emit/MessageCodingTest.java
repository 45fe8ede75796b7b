package io.runnel.generator.emit;

import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.VersionRange;
import io.runnel.generator.types.PrimitiveType;
import io.runnel.generator.types.StringType;
import io.runnel.generator.types.WireSite;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageCodingTest {
    private final MessageCoding produce = new MessageCoding(
            new MessageDef("ProduceRequest", 0, VersionRange.parse("3-12"), VersionRange.parse("9+")));
    private final MessageCoding neverFlexible = new MessageCoding(
            new MessageDef("OldRequest", 1, VersionRange.parse("0-4"), VersionRange.NONE));

    @Test
    void conditionsAreAsShortAsTheMessageVersionsAllow() {
        assertEquals("true", produce.condition(VersionRange.ALL));
        assertEquals("true", produce.condition(VersionRange.parse("3-12")));
        assertEquals("true", produce.condition(VersionRange.parse("0-20")));
        assertEquals("version >= 5", produce.condition(VersionRange.parse("5+")));
        assertEquals("version <= 8", produce.condition(VersionRange.parse("0-8")));
        assertEquals("(version >= 5 && version <= 8)", produce.condition(VersionRange.parse("5-8")));
        assertEquals("false", produce.condition(VersionRange.parse("13+")));
        assertEquals("false", produce.condition(VersionRange.parse("0-2")));
        assertEquals("false", produce.condition(VersionRange.NONE));
    }

    @Test
    void untaggedFieldsAreCompactInFlexibleVersionsOnly() {
        WireSite site = produce.site(field("name", VersionRange.NONE, FieldDef.UNTAGGED, false), "buf", false);
        assertEquals(new WireSite("name", "buf", "flexible", "false"), site);
    }

    @Test
    void taggedFieldsAreAlwaysCompact() {
        WireSite site = produce.site(field("rack", VersionRange.ALL, 0, false), "body", true);
        assertEquals(new WireSite("rack", "body", "true", "true"), site);
    }

    @Test
    void noncompactFieldsAndNeverFlexibleMessagesAreNeverCompact() {
        FieldDef clientId = field("clientId", VersionRange.parse("1+"), FieldDef.UNTAGGED, true);
        assertEquals("false", produce.site(clientId, "buf", false).compact());
        assertEquals("false", neverFlexible.site(field("a", VersionRange.NONE, FieldDef.UNTAGGED, false), "buf",
                false).compact());
    }

    @Test
    void nullableConditionFollowsTheFieldsNullRange() {
        assertEquals("version >= 8",
                produce.site(field("msg", VersionRange.parse("8+"), FieldDef.UNTAGGED, false), "buf", false)
                        .nullable());
        assertEquals("true",
                produce.site(field("id", VersionRange.parse("3+"), FieldDef.UNTAGGED, false), "buf", false)
                        .nullable());
    }

    @Test
    void firstFlexibleVersionAsJava() {
        assertEquals("9", produce.firstFlexibleLiteral());
        assertEquals("Short.MAX_VALUE", neverFlexible.firstFlexibleLiteral());
    }

    private static FieldDef field(String name, VersionRange nullable, int tag, boolean noncompact) {
        return new FieldDef(name, StringType.INSTANCE, VersionRange.ALL, nullable, tag, null, noncompact, 1);
    }

    @Test
    void fieldDefaultComesFromTheType() {
        FieldDef timeout = new FieldDef("timeoutMs", PrimitiveType.INT32, VersionRange.ALL, VersionRange.NONE,
                FieldDef.UNTAGGED, "60000", false, 7);
        assertEquals("60000", timeout.defaultLiteral());
        FieldDef id = new FieldDef("id", StringType.INSTANCE, VersionRange.ALL, VersionRange.NONE,
                FieldDef.UNTAGGED, null, false, 8);
        assertEquals("\"\"", id.defaultLiteral());
    }
}
