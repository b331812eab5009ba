package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET|PUT|DELETE /subjects/{subject}/pipeline} on the real PostgreSQL. */
class PipelineApiIT extends RegistryIntegrationTest {

    private static final String JSON = "application/json";
    private static final String STEPS = """
            {"steps": [
              {"type": "rename", "from": "/amount", "to": "/price/amount"},
              {"type": "drop", "path": "/debug"},
              {"type": "derive", "path": "/total_cents", "expression": "price.amount * 100"},
              {"type": "filter", "expression": "country != 'XX'"}
            ]}""";

    private String registered(String hint) {
        String subject = uniqueSubject(hint);
        String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"integer\"}}}";
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema)).status()).isEqualTo(200);
        return subject;
    }

    private Response put(RegistryHttp client, String subject, String body) {
        return client.send("PUT", "/subjects/" + subject + "/pipeline", body, JSON);
    }

    @Test
    void aSubjectStartsWithNoStepsAndEachReplaceIsANewRevision() {
        String subject = registered("pipeline.lifecycle");
        Response empty = http().get("/subjects/" + subject + "/pipeline");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().toString()).isEqualTo("{\"subject\":\"" + subject + "\",\"revision\":0,\"steps\":[]}");
        assertThat(empty.header("ETag")).isEqualTo("\"0\"");

        Response stored = put(admin(), subject, STEPS);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = stored.json();
        assertThat(body.get("revision").asLong()).isEqualTo(1);
        assertThat(body.get("steps").toString()).isEqualTo("[{\"type\":\"rename\",\"from\":\"/amount\","
                + "\"to\":\"/price/amount\",\"required\":false},{\"type\":\"drop\",\"path\":\"/debug\"},"
                + "{\"type\":\"derive\",\"path\":\"/total_cents\",\"expression\":\"price.amount * 100\"},"
                + "{\"type\":\"filter\",\"expression\":\"country != 'XX'\"}]");
        assertThat(http().get("/subjects/" + subject + "/pipeline").json()).isEqualTo(body);

        // the whole list is replaced, not appended to
        Response replaced = put(admin(), subject, "{\"steps\":[{\"type\":\"drop\",\"path\":\"/debug\"}]}");
        assertThat(replaced.json().get("revision").asLong()).isEqualTo(2);
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().get("steps")).hasSize(1);

        Response cleared = admin().delete("/subjects/" + subject + "/pipeline");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().toString()).isEqualTo("{\"subject\":\"" + subject + "\",\"revision\":3,\"steps\":[]}");
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().get("revision").asLong()).isEqualTo(3);

        // every revision stays readable as it was declared, for the frames each one made
        String revisions = "/subjects/" + subject + "/pipeline/revisions/";
        assertThat(http().get(revisions + 1).json()).isEqualTo(body);
        assertThat(http().get(revisions + 2).json().get("steps")).hasSize(1);
        assertThat(http().get(revisions + 3).json().toString()).isEqualTo(cleared.json().toString());
        assertThat(http().get(revisions + 0).json().toString())
                .isEqualTo("{\"subject\":\"" + subject + "\",\"revision\":0,\"steps\":[]}");
        Response missing = http().get(revisions + 4);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.json().get("detail").asString()).contains("no pipeline revision 4");
    }

    @Test
    void ifMatchMakesAChangeConditionalOnTheRevision() {
        String subject = registered("pipeline.ifmatch");
        put(admin(), subject, STEPS);
        String path = "/subjects/" + subject + "/pipeline";
        Response stale = admin().withHeader("If-Match", "\"0\"").send("PUT", path, STEPS, JSON);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().get("detail").asString()).contains("revision 1, not 0");
        Response current = admin().withHeader("If-Match", "\"1\"").send("PUT", path, STEPS, JSON);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("revision").asLong()).isEqualTo(2);
        assertThat(admin().withHeader("If-Match", "\"1\"").delete(path).status()).isEqualTo(412);
    }

    @Test
    void badStepsAreRefusedWithEveryStepIndexAndReasonAndNothingIsStored() {
        String subject = registered("pipeline.invalid");
        put(admin(), subject, STEPS);
        Response refused = put(admin(), subject, """
                {"steps": [
                  {"type": "drop", "path": "/ok"},
                  {"type": "rename", "from": "/a"},
                  {"type": "derive", "path": "/x", "expression": "T(java.lang.Runtime).getRuntime().exec('id')"},
                  {"type": "jq", "query": "."}
                ]}""");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode errors = refused.json().get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).toString()).isEqualTo("{\"index\":1,\"field\":\"to\",\"reason\":\"required\"}");
        assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(errors.get(1).get("field").asString()).isEqualTo("expression");
        assertThat(errors.get(1).get("reason").asString()).contains("type references");
        assertThat(errors.get(2).get("reason").asString()).contains("unknown step type 'jq'");
        assertThat(refused.json().get("detail").asString()).contains("step 1: to: required");

        assertThat(put(admin(), subject, "{\"stages\":[]}").json().get("errors").get(0).get("field").asString())
                .isEqualTo("steps");
        Response malformed = put(admin(), subject, "{\"steps\": [");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        JsonNode stored = http().get("/subjects/" + subject + "/pipeline").json();
        assertThat(stored.get("revision").asLong()).isEqualTo(1);
        assertThat(stored.get("steps")).hasSize(4);
    }

    private String registeredOrder(String hint) {
        String subject = uniqueSubject(hint);
        String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{"
                + "\"amount\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
                + "\"customer\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}}}";
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema)).status()).isEqualTo(200);
        return subject;
    }

    private static String sql(String statement) {
        return "{\"steps\":[{\"type\":\"sql\",\"statement\":\"" + statement + "\"}]}";
    }

    @Test
    void aSqlStepIsStoredWithTheTypeOfItsOutputRows() {
        String subject = registeredOrder("pipeline.sql.typed");
        Response stored = put(admin(), subject,
                sql("SELECT event.customer.id AS customer_id, CAST(code AS BIGINT) AS code, amount * 2 AS doubled "
                        + "FROM event WHERE amount > 0"));
        assertThat(stored.status()).isEqualTo(200);
        JsonNode output = stored.json().get("steps").get(0).get("output");
        assertThat(output.get("properties").toString()).isEqualTo("{\"customer_id\":{\"type\":[\"string\",\"null\"]},"
                + "\"code\":{\"type\":[\"integer\",\"null\"]},\"doubled\":{\"type\":[\"integer\",\"null\"]}}");
        assertThat(output.get("additionalProperties").asBoolean()).isFalse();
        assertThat(http().get("/subjects/" + subject + "/pipeline").json()).isEqualTo(stored.json());
    }

    @Test
    void aStatementThatCannotBeAStepIsRefusedWithThePositionOfTheError() {
        String subject = registeredOrder("pipeline.sql.refused");
        Response unknownColumn = put(admin(), subject, sql("SELECT amount,\\n  nope FROM event"));
        assertThat(unknownColumn.status()).isEqualTo(422);
        assertThat(unknownColumn.contentType()).startsWith("application/problem+json");
        JsonNode error = unknownColumn.json().get("errors").get(0);
        assertThat(error.get("index").asInt()).isZero();
        assertThat(error.get("field").asString()).isEqualTo("statement");
        assertThat(error.get("reason").asString()).contains("'nope' not found");
        assertThat(error.get("line").asInt()).isEqualTo(2);
        assertThat(error.get("column").asInt()).isEqualTo(3);

        for (String refused : new String[] {"SELECT amount FROM event WHERE", "SELECT * FROM other",
                "SELECT e.amount FROM event AS e JOIN event AS f ON TRUE", "DELETE FROM event",
                "SELECT CURRENT_TIMESTAMP AS t FROM event", "SELECT COUNT(*) AS n FROM event",
                "SELECT NULL AS x FROM event"}) {
            Response response = put(admin(), subject, sql(refused));
            assertThat(response.status()).as(refused).isEqualTo(422);
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(refused).isEqualTo("statement");
        }
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().get("revision").asLong()).isZero();
    }

    @Test
    void aStatementThatUnnestsTheEventsArrayIsStoredWithItsRowTypeAndAPositionalColumnListIsRefused() {
        String subject = uniqueSubject("pipeline.sql.unnest");
        String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\",\"properties\":{"
                + "\"code\":{\"type\":\"string\"},\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
                + "\"properties\":{\"sku\":{\"type\":\"string\"},\"qty\":{\"type\":\"integer\"}}}}}}";
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema)).status()).isEqualTo(200);

        Response stored = put(admin(), subject, sql("SELECT e.code, i.sku, i.qty, i.ORDINALITY AS line "
                + "FROM event AS e CROSS JOIN UNNEST(e.lines) WITH ORDINALITY AS i"));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().get("steps").get(0).get("output").get("properties").propertyNames())
                .containsExactly("code", "sku", "qty", "line");

        // the registry keeps properties in canonical (alphabetical) order: a positional list would swap sku and qty
        Response refused = put(admin(), subject, sql("SELECT i.sku FROM event AS e, UNNEST(e.lines) AS i(sku, qty)"));
        assertThat(refused.status()).isEqualTo(422);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("reason").asString()).contains("without a column list").contains("qty, sku");
        assertThat(error.get("line").asInt()).isEqualTo(1);
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().get("revision").asLong()).isEqualTo(1);
    }

    @Test
    void aNewStatementThatDropsOrRetypesAnOutputColumnIsCheckedLikeASchemaChange() {
        String subject = registeredOrder("pipeline.sql.compat");
        assertThat(put(admin(), subject, sql("SELECT amount, code FROM event")).status()).isEqualTo(200);

        Response dropped = put(admin(), subject, sql("SELECT amount FROM event"));
        assertThat(dropped.status()).isEqualTo(409);
        assertThat(dropped.contentType()).startsWith("application/problem+json");
        assertThat(dropped.json().get("incompatibilities").toString()).contains("code");
        Response retyped = put(admin(), subject, sql("SELECT amount, CAST(code AS BIGINT) AS code FROM event"));
        assertThat(retyped.status()).isEqualTo(409);

        Response added = put(admin(), subject, sql("SELECT amount, code, amount + 1 AS plus_one FROM event"));
        assertThat(added.status()).as(added.json().toString()).isEqualTo(200);
        assertThat(added.json().get("revision").asLong()).isEqualTo(2);

        assertThat(admin().put("/config/" + subject, "{\"compatibility\":\"NONE\"}").status())
                .isEqualTo(200);
        assertThat(put(admin(), subject, sql("SELECT amount FROM event")).status()).isEqualTo(200);
    }

    @Test
    void stepsCanOnlyBeDeclaredForARegisteredSubject() {
        String subject = uniqueSubject("pipeline.unknown");
        for (Response response : new Response[] {http().get("/subjects/" + subject + "/pipeline"),
                put(admin(), subject, STEPS), admin().delete("/subjects/" + subject + "/pipeline")}) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("error_code").asInt()).isEqualTo(40401);
            assertThat(response.json().get("detail").asString()).contains(subject);
        }
    }

    @Test
    void softDeleteKeepsTheStepsAndPermanentDeleteTakesThemAlong() {
        String subject = registered("pipeline.deleted");
        put(admin(), subject, STEPS);
        assertThat(admin().delete("/subjects/" + subject).status()).isEqualTo(200);
        assertThat(http().get("/subjects/" + subject + "/pipeline").status()).isEqualTo(404);
        assertThat(admin().delete("/subjects/" + subject + "?permanent=true").status()).isEqualTo(200);

        String schema = "{\"title\":\"" + subject + "\",\"type\":\"object\"}";
        assertThat(admin().post("/subjects/" + subject + "/versions", schemaBody(schema)).status()).isEqualTo(200);
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().toString())
                .isEqualTo("{\"subject\":\"" + subject + "\",\"revision\":0,\"steps\":[]}");
        assertThat(http().get("/subjects/" + subject + "/pipeline/revisions/1").status()).isEqualTo(404);
        assertThat(put(admin(), subject, STEPS).json().get("revision").asLong()).isEqualTo(1);
        assertThat(http().get("/subjects/" + subject + "/pipeline/revisions/1").status()).isEqualTo(200);
    }

    @Test
    void changesNeedTheAdminCredential() {
        String subject = registered("pipeline.security");
        assertThat(put(http(), subject, STEPS).status()).isEqualTo(401);
        assertThat(put(http().bearer(READER_TOKEN), subject, STEPS).status()).isEqualTo(403);
        assertThat(http().delete("/subjects/" + subject + "/pipeline").status()).isEqualTo(401);
        assertThat(put(http().basic("admin", ADMIN_PASSWORD), subject, STEPS).status()).isEqualTo(200);
        assertThat(http().get("/subjects/" + subject + "/pipeline").json().get("revision").asLong()).isEqualTo(1);
    }
}
