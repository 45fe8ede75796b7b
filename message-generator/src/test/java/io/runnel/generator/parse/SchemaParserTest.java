package io.runnel.generator.parse;

import io.runnel.generator.model.ApiDef;
import io.runnel.generator.model.FieldDef;
import io.runnel.generator.model.MessageDef;
import io.runnel.generator.model.SchemaFile;
import io.runnel.generator.model.StructDef;
import io.runnel.generator.model.VersionRange;
import io.runnel.generator.types.ArrayType;
import io.runnel.generator.types.PrimitiveType;
import io.runnel.generator.types.RecordsType;
import io.runnel.generator.types.StringType;
import io.runnel.generator.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaParserTest {
    private static final String PRODUCE = """
            # A comment line, then a blank one.

            api Produce key=0 versions=3-12 flexible=9+ advertise=0-12
            request
              transactionalId string null3+ default=null   # trailing comment
              acks int16
              topicData []TopicData
                name string
                partitions []PartitionData
                  index int32
                  records records null0+
            response
              responses []TopicResponse
                name string
                leader Leader v10+ tag=0
                  leaderId int32 default=-1
              throttleTimeMs int32 v1+
              again []TopicResponse v5+ null5+
            """;

    @Test
    void readsAnApiWithItsRequestAndResponse() {
        SchemaFile file = parse("Produce.schema", PRODUCE);
        assertEquals(3, file.headerLine());
        ApiDef api = file.api().orElseThrow();
        assertEquals(new ApiDef("Produce", 0, VersionRange.parse("3-12"), VersionRange.parse("0-12"),
                VersionRange.parse("9+")), api);
        assertEquals(List.of("ProduceRequest", "ProduceResponse"),
                file.messages().stream().map(MessageDef::className).toList());

        MessageDef request = file.messages().get(0);
        assertEquals(0, request.apiKey());
        assertEquals(9, request.firstFlexible());
        List<FieldDef> fields = request.root().fields();
        assertEquals(new FieldDef("transactionalId", StringType.INSTANCE, VersionRange.ALL, VersionRange.parse("3+"),
                FieldDef.UNTAGGED, "null", false, 5), fields.get(0));
        assertEquals(PrimitiveType.INT16, fields.get(1).type());
        assertEquals(new ArrayType(new StructType("TopicData")), fields.get(2).type());
        assertEquals(7, fields.get(2).line());
        assertEquals(List.of("TopicData", "PartitionData"), request.structs().stream().map(StructDef::name).toList());
        FieldDef records = request.struct("PartitionData").field("records");
        assertEquals(RecordsType.INSTANCE, records.type());
        assertEquals(VersionRange.parse("0+"), records.nullable());
    }

    @Test
    void readsTagsVersionsAndReferencesToEarlierStructs() {
        MessageDef response = parse("Produce.schema", PRODUCE).messages().get(1);
        FieldDef leader = response.struct("TopicResponse").field("leader");
        assertEquals(0, leader.tag());
        assertEquals(VersionRange.parse("10+"), leader.versions());
        assertEquals("-1", response.struct("Leader").field("leaderId").schemaDefault());
        FieldDef again = response.root().field("again");
        assertEquals(new ArrayType(new StructType("TopicResponse")), again.type());
        assertEquals(VersionRange.parse("5+"), again.nullable());
        assertEquals(List.of("TopicResponse", "Leader"), response.structs().stream().map(StructDef::name).toList());
    }

    @Test
    void readsAStandaloneMessageAndSharedStructs() {
        SchemaFile file = parse("RequestHeader.schema", """
                message RequestHeader versions=0-2 flexible=2+
                  struct Extra
                    key string
                  clientId string v1+ null1+ noncompact
                  extras []Extra
                """);
        assertTrue(file.api().isEmpty());
        MessageDef header = file.messages().get(0);
        assertFalse(header.isApi());
        assertEquals(List.of("clientId", "extras"), header.root().fields().stream().map(FieldDef::name).toList());
        assertTrue(header.root().field("clientId").noncompact());
        assertEquals("key", header.struct("Extra").fields().get(0).name());
    }

    @Test
    void anEmptyFileDeclaresNothing() {
        SchemaFile file = parse("Empty.schema", "# nothing here\n\n   \n");
        assertTrue(file.api().isEmpty());
        assertTrue(file.messages().isEmpty());
    }

    @Test
    void errorsNameTheFileAndLine() {
        SchemaException e = fails("""
                # header comes after two lines
                
                thing Foo versions=0-1 flexible=none
                """);
        assertEquals("Bad.schema", e.fileName());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("Bad.schema:3: expected 'api' or 'message'"), e.getMessage());
    }

    @Test
    void rejectsBadHeaders() {
        assertError(1, "missing key=", "api Foo versions=0-1 flexible=none\nrequest\nresponse\n");
        assertError(1, "bad version range '0-x'", "message Foo versions=0-x flexible=none\n");
        assertError(1, "flexible versions are N+ or none", "message Foo versions=0-9 flexible=3-5\n");
        assertError(1, "versions=3+: must be a closed range", "message Foo versions=3+ flexible=none\n");
        assertError(1, "versions=3+: must be a closed range", "api Foo key=1 versions=3+ flexible=none\n");
        assertError(1, "unknown attribute 'flexibel=none'", "message Foo versions=0-1 flexibel=none\n");
        assertError(1, "api key 'zero' is not a number", "api Foo key=zero versions=0-1 flexible=none\n");
        assertError(1, "not a capitalised Java name", "message foo versions=0-1 flexible=none\n");
        assertError(1, "'message' needs a name", "message\n");
    }

    @Test
    void rejectsBadSections() {
        String head = "api Foo key=7 versions=0-1 flexible=none\n";
        assertError(2, "expected 'request' or 'response', found 'reqest'", head + "reqest\n  a int32\n");
        assertError(4, "'request' appears twice", head + "request\nresponse\nrequest\n");
        assertError(1, "needs both a 'request' and a 'response'", head + "request\n  a int32\n");
    }

    @Test
    void rejectsBadFieldsOnTheirLine() {
        String head = "message Foo versions=0-5 flexible=3+\n";
        assertError(3, "unknown field attribute 'optional'", head + "  a int32\n  b int32 optional\n");
        assertError(2, "unknown type 'int33'", head + "  a int33\n");
        assertError(2, "a field needs a name and a type", head + "  lonely\n");
        assertError(3, "unexpected indentation 4, expected 2", head + "  a int32\n    b int32\n");
        assertError(2, "struct Later has no fields and is not defined earlier", head + "  a Later\n");
        assertError(4, "struct Bar is defined twice", head + "  a Bar\n    x int8\n  b Bar\n    y int8\n");
        assertError(3, "field a appears twice in Foo", head + "  a int32\n  a string\n");
        assertError(3, "tag 0 is taken by field a of Foo", head + "  a int32 tag=0\n  b int32 tag=0\n");
        assertError(2, "tag 'x' is not a number", head + "  a int32 tag=x\n");
        assertError(2, "type int32 cannot be null (null0+)", head + "  a int32 null0+\n");
        assertError(2, "bad default for a: not an integer: 'ten'", head + "  a int16 default=ten\n");
        assertError(2, "bad default for b: not a bool", head + "  b bool default=maybe\n");
        assertError(2, "field versions: bad version range '5-1'", head + "  a int32 v5-1\n");
        assertError(2, "field name 'class' is not a Java name", head + "  class int32\n");
        assertError(2, "indent with spaces, not tabs", head + "\ta int32\n");
        assertError(2, "struct Foo has the name of its message", head + "  a Foo\n    x int8\n");
    }

    @Test
    void rejectsTagsInAMessageThatIsNeverFlexible() {
        assertError(3, "tagged field b in Foo, which is never flexible",
                "message Foo versions=0-5 flexible=none\n  a int32\n  b int32 tag=0\n");
    }

    private static SchemaFile parse(String name, String text) {
        return SchemaParser.parse(name, text.lines().toList());
    }

    private static SchemaException fails(String text) {
        return assertThrows(SchemaException.class, () -> parse("Bad.schema", text));
    }

    private static void assertError(int line, String what, String text) {
        SchemaException e = fails(text);
        assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Bad.schema:" + line + ": "), e.getMessage());
    }
}
