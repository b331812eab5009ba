package io.inlet.registry.it;

import static io.inlet.registry.it.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.inlet.registry.it.RegistryHttp.Response;
import org.junit.jupiter.api.Test;

/**
 * The dialect, $id, $ref-cycle and compatibility fixes of issue 14 through the REST API, under
 * the default BACKWARD level: each pair is registered as version 1 then version 2 of a fresh subject.
 */
class CompatibilityRulesIT extends RegistryIntegrationTest {

    /** The start of a 2020-12 schema; without $schema a schema is read as draft-07. */
    private static final String MODERN = "{'$schema':'https://json-schema.org/draft/2020-12/schema',";

    private Response register(String subject, String schema) {
        return admin().post("/subjects/" + subject + "/versions", schemaBody(schema.replace('\'', '"')));
    }

    /** Registers v1, then v2; returns v2's answer. */
    private Response evolve(String hint, String v1, String v2) {
        String subject = uniqueSubject(hint);
        assertThat(register(subject, v1).status()).as("v1 of %s", subject).isEqualTo(200);
        return register(subject, v2);
    }

    private static void assertRegistered(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("id").asLong()).isPositive();
    }

    private static void assertIncompatible(Response response, String rule, String pointer) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(409);
        assertThat(response.message()).contains("BACKWARD against version 1").contains(rule + " at " + pointer);
    }

    @Test
    void draft07SchemasWithoutDollarSchemaRegister() {
        String subject = uniqueSubject("dialect.tuple");
        assertRegistered(register(subject, "{'type':'array','items':[{'type':'string'},{'type':'integer'}],"
                + "'additionalItems':false,'definitions':{'s':{'type':'string'}}}"));
        // and evolve as draft-07 tuples: an item added to the closed tuple is compatible
        assertRegistered(register(subject, "{'type':'array','items':[{'type':'string'},{'type':'integer'},"
                + "{'type':'boolean'}],'additionalItems':false,'definitions':{'s':{'type':'string'}}}"));
    }

    @Test
    void aRelativeIdIsAccepted() {
        assertRegistered(register(uniqueSubject("dialect.id"), "{'$id':'something','type':'object'}"));
    }

    @Test
    void cyclicRefsAre422NotA500() {
        for (String schema : new String[] {"{'$ref':'#'}",
                "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'$ref':'#/$defs/a'}},'$ref':'#/$defs/a'}"}) {
            Response response = register(uniqueSubject("cycle"), schema);
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(42201);
            assertThat(response.message()).contains("refers back to itself");
        }
        assertRegistered(register(uniqueSubject("recursive"), "{'type':'object','properties':{'child':{'$ref':'#'}}}"));
    }

    @Test
    void combinatorEvolutionsConfluentAcceptsAreAccepted() {
        String base = "{'type':'object','properties':{'a':{'type':'string'}}}";
        String ext = "{'type':'object','properties':{'b':{'type':'integer'}}}";
        assertRegistered(evolve("allof.order", "{'allOf':[" + base + "," + ext + "]}", "{'allOf':[" + ext + "," + base + "]}"));
        assertRegistered(evolve("allof.dup", "{'allOf':[" + base + "," + base + "]}", "{'allOf':[" + base + "]}"));
        assertRegistered(evolve("allof.wrap", "{'type':'string'}", "{'allOf':[{'type':'string'}]}"));
        assertRegistered(evolve("oneof.anyof", "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                "{'anyOf':[{'type':'string'},{'type':'integer'}]}"));
        assertRegistered(evolve("oneof.single", "{'oneOf':[{'type':'string'}]}", "{'type':'string'}"));
        assertRegistered(evolve("not.narrowed", "{'not':{'type':'string'}}", "{'not':{'type':'string','maxLength':3}}"));
        assertRegistered(evolve("false.dropped",
                "{'type':'object','properties':{'a':{'type':'string'},'b':false},'additionalProperties':false}",
                "{'type':'object','properties':{'a':{'type':'string'}},'additionalProperties':false}"));
        assertRegistered(evolve("deps.removed", "{'type':'object','dependencies':{'a':['b']}}", "{'type':'object'}"));
        assertRegistered(evolve("pattern.covered",
                "{'type':'object','patternProperties':{'^x_':{'type':'integer'}},'additionalProperties':false}",
                "{'type':'object','properties':{'x_n':{'type':'integer'}},'patternProperties':{'^x_':{'type':'integer'}},"
                        + "'additionalProperties':false}"));
        assertRegistered(evolve("contains.lowered", MODERN + "'type':'array','contains':{'type':'string'},'minContains':2}",
                MODERN + "'type':'array','contains':{'type':'string'},'minContains':1}"));
    }

    @Test
    void incompatibleEvolutionsAreRefusedWithRuleAndPointer() {
        assertIncompatible(evolve("allof.added", "{'allOf':[{'type':'string'}]}",
                "{'allOf':[{'type':'string'},{'maxLength':5}]}"), "MAX_LENGTH_DECREASED", "/allOf/1/maxLength");
        assertIncompatible(evolve("oneof.removed", "{'oneOf':[{'type':'string'},{'type':'integer'}]}",
                "{'oneOf':[{'type':'string'}]}"), "COMBINATION_BRANCH_REMOVED", "/oneOf");
        assertIncompatible(evolve("not.extended", "{'not':{'type':'string','maxLength':3}}", "{'not':{'type':'string'}}"),
                "NOT_EXTENDED", "/not");
        assertIncompatible(evolve("prefix.open",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'array','prefixItems':[{'type':'string'}]}",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'array','prefixItems':[{'type':'string'},"
                        + "{'type':'integer'}]}"), "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "/prefixItems/1");
        assertIncompatible(evolve("dependencies.added", "{'type':'object'}", "{'type':'object','dependencies':{'a':['b']}}"),
                "DEPENDENT_REQUIRED_ADDED", "/dependencies/a");
        assertIncompatible(evolve("names.lowered", "{'type':'object','propertyNames':{'maxLength':16}}",
                "{'type':'object','propertyNames':{'maxLength':8}}"), "MAX_LENGTH_DECREASED", "/propertyNames/maxLength");
        assertIncompatible(evolve("maxcontains", MODERN + "'type':'array','contains':{'type':'string'},'maxContains':3}",
                MODERN + "'type':'array','contains':{'type':'string'},'maxContains':2}"), "MAX_CONTAINS_DECREASED", "/maxContains");
    }

    @Test
    void aPropertyOfAnotherTypeAddedToAPartlyOpenModelIsRefusedWithUnevaluatedPropertiesToo() {
        String v1 = "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object',"
                + "'properties':{'a':{'type':'string'}},'unevaluatedProperties':{'type':'string'}}";
        String v2 = v1.replace("'a':{'type':'string'}}", "'a':{'type':'string'},'b':{'type':'integer'}}");
        assertIncompatible(evolve("uneval", v1, v2), "TYPE_NARROWED", "/properties/b/type");
        assertIncompatible(evolve("additional", v1.replace("unevaluatedProperties", "additionalProperties"),
                v2.replace("unevaluatedProperties", "additionalProperties")), "TYPE_NARROWED", "/properties/b/type");
    }

    @Test
    void theSubjectPolicyDecidesAnOptionalPropertyAddedToAnOpenModel() {
        String v1 = "{'type':'object','properties':{'a':{'type':'string'}}}";
        String v2 = "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'integer'}}}";
        assertRegistered(evolve("policy.lenient", v1, v2));

        String strict = uniqueSubject("policy.strict");
        Response set = admin().put("/config/" + strict, "{\"compatibilityPolicy\":\"STRICT\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().toString()).isEqualTo("{\"compatibilityPolicy\":\"STRICT\"}");
        assertThat(http().get("/config/" + strict).json().toString()).isEqualTo("{\"compatibilityPolicy\":\"STRICT\"}");
        assertThat(http().get("/config/" + strict + "?defaultToGlobal=true").json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\",\"compatibilityPolicy\":\"STRICT\"}");
        assertRegistered(register(strict, v1));
        Response refused = register(strict, v2);
        assertIncompatible(refused, "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "/properties/b");

        Response check = http().post("/compatibility/subjects/" + strict + "/versions/latest?verbose=true",
                schemaBody(v2.replace('\'', '"')));
        assertThat(check.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.json().get("messages").get(0).asString()).contains("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL");

        // a level set later keeps the policy; deleting the subject's config drops both
        assertThat(admin().put("/config/" + strict, "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
        assertThat(http().get("/config/" + strict).json().toString())
                .isEqualTo("{\"compatibilityLevel\":\"FULL\",\"compatibilityPolicy\":\"STRICT\"}");
        assertThat(admin().delete("/config/" + strict).status()).isEqualTo(200);
        assertThat(http().get("/config/" + strict).errorCode()).isEqualTo(40408);
        assertRegistered(register(strict, v2));
    }

    @Test
    void anUnknownPolicyIs42203() {
        Response response = admin().put("/config/" + uniqueSubject("policy.bad"), "{\"compatibilityPolicy\":\"LOOSE\"}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.errorCode()).isEqualTo(42203);
        assertThat(response.message()).contains("LENIENT").contains("STRICT");
    }

    @Test
    void keywordsTheDialectIgnoresDoNotCount() {
        // read as draft-07, dependentRequired validates nothing (nor does it in the pipeline), so adding it changes nothing
        assertRegistered(evolve("ignored.draft07", "{'type':'object'}", "{'type':'object','dependentRequired':{'a':['b']}}"));
        assertIncompatible(evolve("enforced.2020",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object'}",
                "{'$schema':'https://json-schema.org/draft/2020-12/schema','type':'object','dependentRequired':{'a':['b']}}"),
                "DEPENDENT_REQUIRED_ADDED", "/dependentRequired/a");
    }
}
