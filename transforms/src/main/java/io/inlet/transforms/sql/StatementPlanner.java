package io.inlet.transforms.sql;

import java.util.List;
import java.util.Properties;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.Programs;

/**
 * Calcite's steps from a statement's text to an enumerable plan, for one compile: parse, validate against the
 * schema holding {@code event}, convert to relational algebra, plan. Calcite's {@code Planner} does the same with
 * two steps we must not take: it flattens {@code ROW} types into top-level columns (its flattener gets an
 * {@code UNNEST} of an array of rows holding rows wrong — the plan's types then disagree with the values, Calcite
 * 1.42), and it trims unused fields (which fails on the same plans). The enumerable convention reads nested rows
 * as they are ({@code Object[]} in {@code Object[]}), so neither step is needed.
 */
final class StatementPlanner {

    static final SqlParser.Config PARSER = SqlParser.config()
            .withCaseSensitive(true)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withConformance(SqlConformanceEnum.DEFAULT);

    private final SqlValidator validator;
    private final CalciteCatalogReader catalog;
    private final JavaTypeFactory types;

    StatementPlanner(SchemaPlus root, JavaTypeFactory types) {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        this.types = types;
        this.catalog = new CalciteCatalogReader(CalciteSchema.from(root), List.of(), types,
                new CalciteConnectionConfigImpl(properties));
        this.validator = SqlValidatorUtil.newValidator(SqlStdOperatorTable.instance(), catalog, types,
                SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.DEFAULT).withIdentifierExpansion(true));
    }

    static SqlNode parse(String text) throws SqlParseException {
        return SqlParser.create(text, PARSER).parseStmt();
    }

    /** Throws {@link org.apache.calcite.runtime.CalciteContextException} with the position of what is wrong. */
    SqlNode validate(SqlNode parsed) {
        return validator.validate(parsed);
    }

    /** The type of an expression of the validated statement. */
    RelDataType typeOf(SqlNode validatedExpression) {
        return validator.getValidatedNodeType(validatedExpression);
    }

    /** The validated statement as relational algebra: its root keeps the validated (nested) output row type. */
    RelRoot toRel(SqlNode validated, RelOptCluster cluster) {
        SqlToRelConverter converter = new SqlToRelConverter(null, validator, catalog, cluster,
                StandardConvertletTable.INSTANCE, SqlToRelConverter.config().withTrimUnusedFields(false));
        return converter.convertQuery(validated, false, true);
    }

    /** A cluster for {@link #toRel} whose planner {@link #toEnumerable} runs. */
    RelOptCluster cluster() {
        VolcanoPlanner planner = new VolcanoPlanner();
        planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
        planner.setExecutor(RexUtil.EXECUTOR);
        RelOptUtil.registerDefaultRules(planner, false, false);
        return RelOptCluster.create(planner, new RexBuilder(types));
    }

    /** The plan in Calcite's enumerable convention (generated Java), without trimming fields. */
    static RelNode toEnumerable(RelNode logical) {
        return Programs.standard(DefaultRelMetadataProvider.INSTANCE, false).run(logical.getCluster().getPlanner(),
                logical, logical.getTraitSet().replace(EnumerableConvention.INSTANCE), List.of(), List.of());
    }
}
