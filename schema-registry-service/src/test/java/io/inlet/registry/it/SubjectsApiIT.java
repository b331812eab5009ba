package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import org.junit.jupiter.api.Test;

/** Every subject, version and schema endpoint on the real PostgreSQL, with its error codes. */
class SubjectsApiIT extends RegistryIntegrationTest {

    // Ids are global and content-addressed, so each test's schemas carry its subject as title.
    private static String v1(String subject) {
        return "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}";
    }

    private static String v2(String subject) {
        return "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
                + "\"b\":{\"type\":\"integer\"}}}";
    }

    private long register(String subject, String schema) {
        Response response = admin().post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("id").asLong();
    }

    @Test
    void registersVersionsFromOneWithGlobalIdsAndReturnsTheExistingIdForAnIdenticalSchema() {
        String subject = uniqueSubject("register");
        long id1 = register(subject, v1(subject));
        long id2 = register(subject, v2(subject));
        assertThat(id2).isNotEqualTo(id1);

        // the same schema, formatted differently and with keys reordered: same id, no new version
        String v1Reformatted = "{\n  \"properties\": { \"a\": { \"type\": \"string\" } },\n  \"type\": \"object\", \"title\": \"" + subject + "\"\n}";
        assertThat(register(subject, v1Reformatted)).isEqualTo(id1);
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");

        // ids are global: another subject registering V1 gets the same id
        String other = uniqueSubject("register.other");
        assertThat(register(other, v1(subject))).isEqualTo(id1);
        assertThat(http().get("/subjects/" + other + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void getsVersionsLatestRawSchemaAndSchemasById() {
        String subject = uniqueSubject("get");
        long id1 = register(subject, v1(subject));
        long id2 = register(subject, v2(subject));

        Response version1 = http().get("/subjects/" + subject + "/versions/1");
        assertThat(version1.status()).isEqualTo(200);
        assertThat(version1.contentType()).startsWith(RegistryHttp.V1_JSON);
        assertThat(version1.json().get("subject").asString()).isEqualTo(subject);
        assertThat(version1.json().get("version").asInt()).isEqualTo(1);
        assertThat(version1.json().get("id").asLong()).isEqualTo(id1);
        assertThat(version1.json().get("schemaType").asString()).isEqualTo("JSON");
        assertThat(RegistryHttp.JSON.readTree(version1.json().get("schema").asString()))
                .isEqualTo(RegistryHttp.JSON.readTree(v1(subject)));

        assertThat(http().get("/subjects/" + subject + "/versions/latest").json().get("version").asInt()).isEqualTo(2);
        assertThat(http().get("/subjects/" + subject + "/versions/-1").json().get("id").asLong()).isEqualTo(id2);

        Response raw = http().get("/subjects/" + subject + "/versions/2/schema");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.json()).isEqualTo(RegistryHttp.JSON.readTree(v2(subject)));

        Response byId = http().get("/schemas/ids/" + id2);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schemaType").asString()).isEqualTo("JSON");
        assertThat(RegistryHttp.JSON.readTree(byId.json().get("schema").asString())).isEqualTo(RegistryHttp.JSON.readTree(v2(subject)));

        Response usedBy = http().get("/schemas/ids/" + id2 + "/versions");
        assertThat(usedBy.json().toString()).isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":2}]");

        assertThat(http().get("/subjects").json().toString()).contains("\"" + subject + "\"");
        assertThat(http().get("/schemas/types").json().toString()).isEqualTo("[\"JSON\"]");
    }

    @Test
    void acceptsDraft07AndDraft2020Schemas() {
        String subject = uniqueSubject("drafts");
        String draft07 = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"" + subject
                + "\",\"type\":\"object\",\"definitions\":{\"id\":{\"type\":\"string\"}},"
                + "\"properties\":{\"id\":{\"$ref\":\"#/definitions/id\"}}}";
        String draft2020 = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\"" + subject
                + "\",\"type\":\"object\",\"$defs\":{\"id\":{\"type\":\"string\"}},"
                + "\"properties\":{\"id\":{\"$ref\":\"#/$defs/id\"}}}";
        register(subject, draft07);
        register(subject, draft2020);
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
        // a keyword's value that is wrong for its draft is an invalid schema
        assertError(admin().post("/subjects/" + subject + "/versions", schemaBody(
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"required\":\"id\"}")), 422, 42201);
    }

    @Test
    void frameworkErrorsOnConfluentEndpointsKeepConfluentBodies() {
        String subject = uniqueSubject("framework");
        Response badFlag = http().get("/subjects?deleted=maybe");
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.errorCode()).isEqualTo(400);
        Response textPlain = admin().send("POST", "/subjects/" + subject + "/versions", null);
        assertThat(textPlain.status()).isBetween(400, 499);
        assertThat(textPlain.body()).doesNotContain("Exception");
    }

    @Test
    void acceptsPlainJsonAsWellAsConfluentMediaTypes() {
        String subject = uniqueSubject("mediatypes");
        Response plain = admin().send("POST", "/subjects/" + subject + "/versions", schemaBody(v1(subject)),
                "application/json");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        Response generic = admin().send("POST", "/subjects/" + subject, schemaBody(v1(subject)),
                "application/vnd.schemaregistry+json");
        assertThat(generic.status()).as(generic.body()).isEqualTo(200);
        assertThat(http().get("/subjects/" + subject + "/versions/1/referencedby").json().toString()).isEqualTo("[]");
    }

    @Test
    void looksUpTheVersionOfASchema() {
        String subject = uniqueSubject("lookup");
        long id = register(subject, v1(subject));
        register(subject, v2(subject));

        Response found = http().post("/subjects/" + subject, schemaBody(
                "{\"properties\":{\"a\":{\"type\":\"string\"}},\"type\":\"object\",\"title\":\"" + subject + "\"}"));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(found.json().get("id").asLong()).isEqualTo(id);
        assertThat(found.json().get("subject").asString()).isEqualTo(subject);

        Response unknownSchema = http().post("/subjects/" + subject, schemaBody("{\"type\":\"string\"}"));
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.errorCode()).isEqualTo(40403);

        Response unknownSubject = http().post("/subjects/" + uniqueSubject("nobody"), schemaBody(v1(subject)));
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.errorCode()).isEqualTo(40401);
    }

    @Test
    void notFoundErrorsCarryConfluentCodes() {
        String subject = uniqueSubject("notfound");
        assertError(http().get("/subjects/" + subject + "/versions"), 404, 40401);
        assertError(http().get("/subjects/" + subject + "/versions/1"), 404, 40401);
        register(subject, v1(subject));
        assertError(http().get("/subjects/" + subject + "/versions/7"), 404, 40402);
        assertError(http().get("/subjects/" + subject + "/versions/7/schema"), 404, 40402);
        assertError(http().get("/schemas/ids/987654321"), 404, 40403);
        assertError(http().get("/schemas/ids/987654321/versions"), 404, 40403);
        assertError(http().get("/schemas/ids/not-a-number"), 404, 40403);
    }

    @Test
    void invalidInputIs422Or400NeverA500() {
        String subject = uniqueSubject("invalid");
        assertError(admin().post("/subjects/" + subject + "/versions", schemaBody("{\"type\":\"strin\"}")), 422, 42201);
        assertError(admin().post("/subjects/" + subject + "/versions", schemaBody("{not json")), 422, 42201);
        assertError(admin().post("/subjects/" + subject + "/versions",
                "{\"schema\":\"{}\",\"schemaType\":\"AVRO\"}"), 422, 42201);
        assertError(admin().post("/subjects/" + subject + "/versions", "{\"schemaType\":\"JSON\"}"), 422, 42201);
        assertError(admin().post("/subjects/" + subject + "/versions",
                "{\"schema\":\"{}\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}"), 422, 42201);
        assertError(admin().post("/subjects/" + subject + "/versions", "this is not json"), 400, 400);

        register(subject, v1(subject));
        assertError(http().get("/subjects/" + subject + "/versions/0"), 422, 42202);
        assertError(http().get("/subjects/" + subject + "/versions/abc"), 422, 42202);
        assertError(http().get("/subjects/" + subject + "/versions/99999999999"), 422, 42202);
        assertError(admin().delete("/subjects/" + subject + "/versions/first"), 422, 42202);
    }

    @Test
    void subjectsMustBeInletEventTypes() {
        for (String bad : new String[] {"Upper.Case", "has%20space", "a..b", "-leading", "x".repeat(101),
                "trailing.", "wild.*", "dollar$"}) {
            Response response = admin().post("/subjects/" + bad + "/versions", schemaBody(v1("x")));
            assertThat(response.status()).as(bad).isEqualTo(422);
            assertThat(response.errorCode()).as(bad).isEqualTo(42208);
            assertThat(http().get("/subjects/" + bad + "/versions").status()).as(bad).isEqualTo(422);
        }
        // path traversal and control characters are stopped before the application (400), never stored
        for (String hostile : new String[] {"..%2F..%2Fetc", "%2e%2e", "a%00b", "a%0Ab", "a%5Cb", "semi%3Bcolon"}) {
            Response response = admin().post("/subjects/" + hostile + "/versions", schemaBody(v1("x")));
            assertThat(response.status()).as(hostile).isIn(400, 422);
            assertThat(response.body()).as(hostile).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void softThenPermanentDeleteOfAVersion() {
        String subject = uniqueSubject("delversion");
        long id1 = register(subject, v1(subject));
        register(subject, v2(subject));

        assertError(admin().delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, 40407);
        Response soft = admin().delete("/subjects/" + subject + "/versions/1");
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.body()).isEqualTo("1");
        assertError(admin().delete("/subjects/" + subject + "/versions/1"), 404, 40406);

        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        assertThat(http().get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
        assertError(http().get("/subjects/" + subject + "/versions/1"), 404, 40402);
        assertThat(http().get("/subjects/" + subject + "/versions/1?deleted=true").status()).isEqualTo(200);
        assertThat(http().get("/schemas/ids/" + id1 + "/versions").json().toString()).isEqualTo("[]");
        assertThat(http().get("/schemas/ids/" + id1 + "/versions?deleted=true").json().toString()).contains(subject);
        assertThat(http().get("/schemas/ids/" + id1).status()).isEqualTo(200);

        Response hard = admin().delete("/subjects/" + subject + "/versions/1?permanent=true");
        assertThat(hard.status()).isEqualTo(200);
        assertThat(hard.body()).isEqualTo("1");
        assertThat(http().get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[2]");
        assertError(admin().delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, 40402);
        assertError(http().get("/schemas/ids/" + id1), 404, 40403);

        // re-registering the schema brings back the same global id, as a new version
        assertThat(register(subject, v1(subject))).isEqualTo(id1);
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2,3]");
    }

    @Test
    void softThenPermanentDeleteOfASubject() {
        String subject = uniqueSubject("delsubject");
        register(subject, v1(subject));
        register(subject, v2(subject));

        assertError(admin().delete("/subjects/" + subject + "?permanent=true"), 404, 40405);
        Response soft = admin().delete("/subjects/" + subject);
        assertThat(soft.status()).isEqualTo(200);
        assertThat(soft.json().toString()).isEqualTo("[1,2]");
        assertError(admin().delete("/subjects/" + subject), 404, 40404);
        assertError(http().get("/subjects/" + subject + "/versions"), 404, 40401);
        assertThat(http().get("/subjects").json().toString()).doesNotContain(subject);
        assertThat(http().get("/subjects?deleted=true").json().toString()).contains(subject);

        Response hard = admin().delete("/subjects/" + subject + "?permanent=true");
        assertThat(hard.status()).isEqualTo(200);
        assertThat(hard.json().toString()).isEqualTo("[1,2]");
        assertThat(http().get("/subjects?deleted=true").json().toString()).doesNotContain(subject);
        assertError(admin().delete("/subjects/" + subject), 404, 40401);

        // a permanently deleted subject starts again from version 1
        register(subject, v2(subject));
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
    }

    @Test
    void incompatibleVersionIs409NamingTheRuleAndPath() {
        String subject = uniqueSubject("incompatible");
        register(subject, fixtureSchema("page.viewed.v1.json"));
        register(subject, fixtureSchema("page.viewed.v2.json")); // backward compatible evolution

        String narrowed = fixtureSchema("page.viewed.v2.json")
                .replace("\"duration_ms\": {\"type\": \"integer\", \"minimum\": 0}",
                        "\"duration_ms\": {\"type\": \"integer\", \"minimum\": 10}");
        assertThat(narrowed).contains("\"minimum\": 10");
        Response response = admin().post("/subjects/" + subject + "/versions", schemaBody(narrowed));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(409);
        assertThat(response.message())
                .contains("MINIMUM_INCREASED")
                .contains("/properties/duration_ms/minimum")
                .contains("BACKWARD against version 2");
        assertThat(http().get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");
    }

    private static void assertError(Response response, int status, int errorCode) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.body()).isEqualTo(errorCode);
        assertThat(response.message()).isNotBlank();
    }
}
