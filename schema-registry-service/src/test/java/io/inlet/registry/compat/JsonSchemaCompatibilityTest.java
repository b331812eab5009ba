package io.inlet.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each rule in both directions: the change that breaks it, and the opposite change that does not.
 * {@code reader} is the schema that must accept everything {@code writer} accepts.
 */
class JsonSchemaCompatibilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<Incompatibility> check(String reader, String writer) {
        return new JsonSchemaCompatibility("reader", "writer").readerAcceptsWriter(tree(reader), tree(writer));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    private static void assertBroken(String reader, String writer, CompatibilityRule rule, String pointer) {
        assertThat(check(reader, writer))
                .as("reader %s / writer %s", reader, writer)
                .anySatisfy(i -> {
                    assertThat(i.rule()).isEqualTo(rule);
                    assertThat(i.pointer()).isEqualTo(pointer);
                    assertThat(i.describe()).contains(rule.name()).contains(pointer);
                });
    }

    private static void assertCompatible(String reader, String writer) {
        assertThat(check(reader, writer)).as("reader %s / writer %s", reader, writer).isEmpty();
    }

    @Nested
    class Types {
        @Test
        void narrowingATypeBreaks() {
            assertBroken("{'properties':{'a':{'type':'integer'}}}", "{'properties':{'a':{'type':'number'}}}",
                    CompatibilityRule.TYPE_NARROWED, "/properties/a/type");
        }

        @Test
        void wideningATypeIsCompatible() {
            assertCompatible("{'properties':{'a':{'type':'number'}}}", "{'properties':{'a':{'type':'integer'}}}");
            assertCompatible("{'type':['string','null']}", "{'type':'string'}");
        }

        @Test
        void droppingNullFromAUnionBreaks() {
            assertBroken("{'type':'string'}", "{'type':['string','null']}", CompatibilityRule.TYPE_NARROWED, "/type");
        }

        @Test
        void addingATypeWhereThereWasNoneBreaksAndRemovingItDoesNot() {
            assertBroken("{'type':'string'}", "{}", CompatibilityRule.TYPE_NARROWED, "/type");
            assertCompatible("{}", "{'type':'string'}");
        }
    }

    @Nested
    class Required {
        @Test
        void newRequiredPropertyWithoutDefaultBreaks() {
            assertBroken("{'properties':{'a':{'type':'string'}},'required':['a']}",
                    "{'properties':{'a':{'type':'string'}}}", CompatibilityRule.REQUIRED_PROPERTY_ADDED, "/required");
        }

        @Test
        void newRequiredPropertyWithDefaultIsCompatible() {
            assertCompatible("{'properties':{'a':{'type':'string','default':'x'}},'required':['a']}",
                    "{'properties':{'a':{'type':'string'}}}");
        }

        @Test
        void droppingARequirementIsCompatible() {
            assertCompatible("{'properties':{'a':{'type':'string'}}}",
                    "{'properties':{'a':{'type':'string'}},'required':['a']}");
        }
    }

    @Nested
    class Enums {
        @Test
        void removingAnEnumValueBreaks() {
            assertBroken("{'enum':['a','b']}", "{'enum':['a','b','c']}", CompatibilityRule.ENUM_VALUE_REMOVED, "/enum");
        }

        @Test
        void addingAnEnumValueIsCompatible() {
            assertCompatible("{'enum':['a','b','c']}", "{'enum':['a','b']}");
        }

        @Test
        void introducingAnEnumBreaksAndDroppingItDoesNot() {
            assertBroken("{'type':'string','enum':['a']}", "{'type':'string'}", CompatibilityRule.ENUM_ADDED, "/enum");
            assertCompatible("{'type':'string'}", "{'type':'string','enum':['a']}");
        }

        @Test
        void changingAConstBreaks() {
            assertBroken("{'const':'a'}", "{'const':'b'}", CompatibilityRule.ENUM_VALUE_REMOVED, "/const");
            assertCompatible("{'enum':['a','b']}", "{'const':'b'}");
        }
    }

    @Nested
    class Bounds {
        @Test
        void raisingAMinimumBreaksLoweringItDoesNot() {
            assertBroken("{'minimum':5}", "{'minimum':1}", CompatibilityRule.MINIMUM_INCREASED, "/minimum");
            assertCompatible("{'minimum':1}", "{'minimum':5}");
        }

        @Test
        void addingAMinimumBreaksRemovingItDoesNot() {
            assertBroken("{'minimum':0}", "{}", CompatibilityRule.MINIMUM_INCREASED, "/minimum");
            assertCompatible("{}", "{'minimum':0}");
        }

        @Test
        void loweringAMaximumBreaksRaisingItDoesNot() {
            assertBroken("{'maximum':5}", "{'maximum':10}", CompatibilityRule.MAXIMUM_DECREASED, "/maximum");
            assertCompatible("{'maximum':10}", "{'maximum':5}");
        }

        @Test
        void exclusiveBounds() {
            assertBroken("{'exclusiveMinimum':2}", "{'exclusiveMinimum':1}",
                    CompatibilityRule.EXCLUSIVE_MINIMUM_INCREASED, "/exclusiveMinimum");
            assertCompatible("{'exclusiveMinimum':1}", "{'exclusiveMinimum':2}");
            assertBroken("{'exclusiveMaximum':1}", "{'exclusiveMaximum':2}",
                    CompatibilityRule.EXCLUSIVE_MAXIMUM_DECREASED, "/exclusiveMaximum");
            assertCompatible("{'exclusiveMaximum':2}", "{'exclusiveMaximum':1}");
        }

        @Test
        void lengths() {
            assertBroken("{'properties':{'s':{'minLength':3}}}", "{'properties':{'s':{'minLength':1}}}",
                    CompatibilityRule.MIN_LENGTH_INCREASED, "/properties/s/minLength");
            assertCompatible("{'properties':{'s':{'minLength':1}}}", "{'properties':{'s':{'minLength':3}}}");
            assertBroken("{'maxLength':10}", "{'maxLength':64}", CompatibilityRule.MAX_LENGTH_DECREASED, "/maxLength");
            assertCompatible("{'maxLength':64}", "{'maxLength':10}");
        }

        @Test
        void itemCounts() {
            assertBroken("{'minItems':2}", "{'minItems':1}", CompatibilityRule.MIN_ITEMS_INCREASED, "/minItems");
            assertCompatible("{'minItems':1}", "{'minItems':2}");
            assertBroken("{'maxItems':10}", "{'maxItems':500}", CompatibilityRule.MAX_ITEMS_DECREASED, "/maxItems");
            assertCompatible("{'maxItems':500}", "{'maxItems':10}");
        }

        @Test
        void propertyCounts() {
            assertBroken("{'minProperties':2}", "{}", CompatibilityRule.MIN_PROPERTIES_INCREASED, "/minProperties");
            assertCompatible("{}", "{'minProperties':2}");
            assertBroken("{'maxProperties':2}", "{'maxProperties':3}",
                    CompatibilityRule.MAX_PROPERTIES_DECREASED, "/maxProperties");
            assertCompatible("{'maxProperties':3}", "{'maxProperties':2}");
        }

        @Test
        void multipleOf() {
            assertBroken("{'multipleOf':4}", "{'multipleOf':2}", CompatibilityRule.MULTIPLE_OF_CHANGED, "/multipleOf");
            assertCompatible("{'multipleOf':2}", "{'multipleOf':4}");
        }
    }

    @Nested
    class PatternsAndFormats {
        @Test
        void addingOrChangingAPatternBreaksRemovingItDoesNot() {
            assertBroken("{'pattern':'^a+$'}", "{}", CompatibilityRule.PATTERN_CHANGED, "/pattern");
            assertBroken("{'pattern':'^a+$'}", "{'pattern':'^a*$'}", CompatibilityRule.PATTERN_CHANGED, "/pattern");
            assertCompatible("{}", "{'pattern':'^a+$'}");
            assertCompatible("{'pattern':'^a+$'}", "{'pattern':'^a+$'}");
        }

        @Test
        void addingAFormatBreaksRemovingItDoesNot() {
            assertBroken("{'format':'email'}", "{}", CompatibilityRule.FORMAT_CHANGED, "/format");
            assertCompatible("{}", "{'format':'email'}");
        }

        @Test
        void requiringUniqueItemsBreaks() {
            assertBroken("{'uniqueItems':true}", "{}", CompatibilityRule.UNIQUE_ITEMS_ADDED, "/uniqueItems");
            assertCompatible("{}", "{'uniqueItems':true}");
        }
    }

    @Nested
    class ContentModel {
        @Test
        void closingAnOpenContentModelBreaks() {
            assertBroken("{'properties':{'a':{}},'additionalProperties':false}", "{'properties':{'a':{}}}",
                    CompatibilityRule.CONTENT_MODEL_CLOSED, "/additionalProperties");
            assertBroken("{'unevaluatedProperties':false}", "{}",
                    CompatibilityRule.CONTENT_MODEL_CLOSED, "/unevaluatedProperties");
        }

        @Test
        void openingAClosedContentModelIsCompatible() {
            assertCompatible("{'properties':{'a':{}}}", "{'properties':{'a':{}},'additionalProperties':false}");
        }

        @Test
        void addingAnOptionalPropertyToAClosedModelIsCompatibleRemovingOneIsNot() {
            String v1 = "{'properties':{'a':{'type':'string'}},'additionalProperties':false}";
            String v2 = "{'properties':{'a':{'type':'string'},'b':{'type':'string'}},'additionalProperties':false}";
            assertCompatible(v2, v1);
            assertBroken(v1, v2, CompatibilityRule.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL, "/properties/b");
        }

        @Test
        void additionalPropertiesSchemaIsCompared() {
            assertBroken("{'additionalProperties':{'type':'string'}}", "{'additionalProperties':{'type':['string','number']}}",
                    CompatibilityRule.TYPE_NARROWED, "/additionalProperties/type");
            assertCompatible("{'additionalProperties':{'type':['string','number']}}",
                    "{'additionalProperties':{'type':'string'}}");
        }
    }

    @Nested
    class Structure {
        @Test
        void nestedObjectsAndArrayItemsAreWalked() {
            String writer = "{'properties':{'items':{'type':'array','items':{'properties':{'q':{'type':'integer','minimum':0}}}}}}";
            String reader = "{'properties':{'items':{'type':'array','items':{'properties':{'q':{'type':'integer','minimum':1}}}}}}";
            assertBroken(reader, writer, CompatibilityRule.MINIMUM_INCREASED, "/properties/items/items/properties/q/minimum");
            assertCompatible(writer, reader);
        }

        @Test
        void localReferencesAreResolved() {
            String writer = "{'$defs':{'id':{'type':'string'}},'properties':{'a':{'$ref':'#/$defs/id'}}}";
            String reader = "{'$defs':{'id':{'type':'string','maxLength':3}},'properties':{'a':{'$ref':'#/$defs/id'}}}";
            assertBroken(reader, writer, CompatibilityRule.MAX_LENGTH_DECREASED, "/properties/a/maxLength");
            assertCompatible(writer, reader);
        }

        @Test
        void recursiveSchemasTerminate() {
            String tree = "{'$defs':{'node':{'type':'object','properties':{'children':{'type':'array',"
                    + "'items':{'$ref':'#/$defs/node'}}}}},'$ref':'#/$defs/node'}";
            assertCompatible(tree, tree);
        }

        @Test
        void anyOfBranchRemovedBreaksAddedDoesNot() {
            assertBroken("{'anyOf':[{'type':'string'}]}", "{'anyOf':[{'type':'string'},{'type':'integer'}]}",
                    CompatibilityRule.COMBINATION_BRANCH_REMOVED, "/anyOf");
            assertCompatible("{'anyOf':[{'type':'string'},{'type':'integer'}]}", "{'anyOf':[{'type':'string'}]}");
        }

        @Test
        void falseSchemaRejectsAll() {
            assertBroken("{'properties':{'a':false}}", "{'properties':{'a':{}}}",
                    CompatibilityRule.SCHEMA_REJECTS_ALL, "/properties/a");
            assertCompatible("{'properties':{'a':{}}}", "{'properties':{'a':false}}");
        }

        @Test
        void changedUnanalysedKeywordBreaksUnchangedDoesNot() {
            assertBroken("{'if':{'type':'string'},'then':{'minLength':1}}", "{}",
                    CompatibilityRule.UNANALYSED_KEYWORD_CHANGED, "/if");
            assertCompatible("{'if':{'type':'string'},'then':{'minLength':1}}",
                    "{'if':{'type':'string'},'then':{'minLength':1}}");
        }
    }

    @Test
    void identicalSchemasAreCompatible() {
        String schema = "{'type':'object','required':['a'],'properties':{'a':{'type':'string','pattern':'^x','maxLength':3}},"
                + "'additionalProperties':false}";
        assertCompatible(schema, schema);
    }
}
