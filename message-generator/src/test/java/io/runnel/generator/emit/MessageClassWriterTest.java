package io.runnel.generator.emit;

import io.runnel.generator.model.MessageDef;
import io.runnel.generator.parse.SchemaParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageClassWriterTest {
    private static final String TINY = """
            api Tiny key=5 versions=0-3 flexible=2+
            request
              a int32
              b string v1+ null3+
              gone int64 v5+
              c Inner v2+ tag=1
                x int8 default=-1
              d []int32 v0-1
            response
              e bytes
            """;

    @Test
    void guardsFieldsByTheirVersionsWithinTheMessage() {
        String src = render(TINY, 0);
        assertTrue(src.contains("        boolean flexible = version >= 2;\n"
                + "        obj.a = WireReader.readInt32(buf);\n"), src);
        assertTrue(src.contains("        if (version >= 1) {\n            obj.b = (flexible ? (version >= 3 ? "
                + "WireReader.readCompactNullableString(buf) : WireReader.readCompactString(buf))"), src);
        assertTrue(src.contains("        if (version <= 1) {\n            {\n                int count = "
                + "(flexible ? WireReader.readCompactArrayLength(buf, 4) : WireReader.readArrayLength(buf, 4));"), src);
        assertTrue(src.contains("    private long gone = 0L;\n"), src);
        assertFalse(src.contains("obj.gone ="), "a field in none of the message's versions is never read");
        assertFalse(src.contains("this.gone);"), "a field in none of the message's versions is never written");
    }

    @Test
    void taggedFieldsAreReadAndWrittenInTheTagSectionOnly() {
        String src = render(TINY, 0);
        assertTrue(src.contains("                    case 1 -> {\n"
                + "                        if (version >= 2) {\n"
                + "                            ByteBuf body = WireReader.readTaggedFieldBody(buf);\n"
                + "                            obj.c = Inner.read(body, version);\n"), src);
        assertTrue(src.contains("            if (version >= 2 && !(new Inner().equals(this.c))) {\n"
                + "                tags++;\n"), src);
        assertTrue(src.contains("                WireWriter.writeUnsignedVarint(buf, 1);\n"), src);
        assertFalse(src.contains("obj.c = Inner.read(buf, version);"), "a tagged field is not read in place");
    }

    @Test
    void apiBodiesImplementApiMessageAndNestStructs() {
        String src = render(TINY, 0);
        assertTrue(src.contains("public final class TinyRequest implements ApiMessage {\n"
                + "    public static final short API_KEY = 5;\n"), src);
        assertTrue(src.contains(" * TinyRequest, versions 0 to 3, flexible from 2.\n"), src);
        assertTrue(src.contains("    @Override\n    public void write(ByteBuf buf, short version) {\n"), src);
        assertTrue(src.contains("    /** Nested struct Inner of TinyRequest. */\n"
                + "    public static final class Inner {\n"
                + "        private byte x = (byte) -1;\n"), src);
        assertTrue(src.contains("        public void write(ByteBuf buf, short version) {\n"), src);
        assertFalse(src.contains("        @Override\n        public void write"), "only the root overrides write");
        assertTrue(src.contains("    /** Versions 2+, tagged (tag 1). */\n"), src);
        assertTrue(src.contains("    /** Versions 1+, nullable in 3+. */\n"), src);
    }

    @Test
    void neverFlexibleMessagesHaveNoTagSection() {
        String src = render("""
                message Old versions=0-1 flexible=none
                  name string
                  blob bytes null0+
                """, 0);
        assertTrue(src.contains("public final class Old {\n"), src);
        assertTrue(src.contains("FIRST_FLEXIBLE_VERSION = Short.MAX_VALUE;"), src);
        assertTrue(src.contains("boolean flexible = version >= Short.MAX_VALUE;"), src);
        assertFalse(src.contains("if (flexible)"), src);
        assertTrue(src.contains("obj.name = WireReader.readString(buf);"), src);
        assertTrue(src.contains("obj.blob = WireReader.readNullableBytes(buf);"), src);
        assertTrue(src.contains("                && Arrays.equals(blob, other.blob);\n"), src);
        assertTrue(src.contains(
                "                + \", blob=\" + (blob == null ? \"null\" : blob.length + \" bytes\")\n"), src);
    }

    @Test
    void theSameModelGivesTheSameText() {
        assertEquals(render(TINY, 1), render(TINY, 1));
    }

    private static String render(String schema, int message) {
        MessageDef m = SchemaParser.parse("Test.schema", schema.lines().toList()).messages().get(message);
        return MessageClassWriter.render(m);
    }
}
