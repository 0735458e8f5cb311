package io.cairn.cql.parser;

import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.Term;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the options of {@code WITH name = value AND ...}. A name given twice, or a map key
 * given twice, is a syntax error, as in Cassandra ("Multiple definition for property x").
 */
final class OptionsBuilder {

    private final BuildState state;
    private final TermBuilder terms;

    OptionsBuilder(BuildState state, TermBuilder terms) {
        this.state = state;
        this.terms = terms;
    }

    /** The options by canonical name, in the order written; empty for a null context. */
    Map<String, OptionValue> properties(CqlParser.PropertiesContext ctx) {
        Map<String, OptionValue> options = new LinkedHashMap<>();
        if (ctx != null) {
            for (CqlParser.PropertyContext property : ctx.property()) {
                add(options, property);
            }
        }
        return options;
    }

    /** Adds {@code name = value} to {@code options}, rejecting a second definition. */
    void add(Map<String, OptionValue> options, CqlParser.PropertyContext ctx) {
        String name = Identifiers.of(ctx.identifier());
        if (options.putIfAbsent(name, value(ctx.propertyValue())) != null) {
            throw SyntaxErrors.at(ctx.getStart(), "Multiple definition for property " + name);
        }
    }

    private OptionValue value(CqlParser.PropertyValueContext ctx) {
        if (ctx.optionConstant() != null) {
            return new OptionValue.Constant(terms.optionConstant(ctx.optionConstant()));
        }
        if (ctx.optionMap() == null) {
            return new OptionValue.Keyword(ctx.getText());
        }
        return map(ctx.optionMap());
    }

    private OptionValue.MapValue map(CqlParser.OptionMapContext ctx) {
        state.enter(ctx.getStart());
        Map<String, OptionValue> entries = new LinkedHashMap<>();
        for (CqlParser.OptionEntryContext entry : ctx.optionEntry()) {
            Term.Literal key = terms.optionConstant(entry.optionConstant(0));
            OptionValue value = entry.optionMap() != null
                    ? map(entry.optionMap())
                    : new OptionValue.Constant(terms.optionConstant(entry.optionConstant(1)));
            if (entries.putIfAbsent(key.text(), value) != null) {
                throw SyntaxErrors.at(entry.getStart(), "Multiple definition for property " + key.text());
            }
        }
        state.exit();
        return new OptionValue.MapValue(entries);
    }
}
