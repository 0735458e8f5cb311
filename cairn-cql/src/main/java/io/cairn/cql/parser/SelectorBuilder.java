package io.cairn.cql.parser;

import io.cairn.cql.ast.AliasedSelector;
import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;

import java.util.ArrayList;
import java.util.List;

/** Builds the {@link Selector}s of SELECT and GROUP BY. */
final class SelectorBuilder {

    private final BuildState state;
    private final TermBuilder terms;
    private final TypeBuilder types;

    SelectorBuilder(BuildState state, TermBuilder terms, TypeBuilder types) {
        this.state = state;
        this.terms = terms;
        this.types = types;
    }

    AliasedSelector aliased(CqlParser.SelectorContext ctx) {
        Selector selector = selector(ctx.unaliasedSelector());
        return new AliasedSelector(selector, ctx.identifier() == null ? null : Identifiers.of(ctx.identifier()));
    }

    Selector selector(CqlParser.UnaliasedSelectorContext ctx) {
        List<CqlParser.SelectorProductContext> operands = ctx.selectorProduct();
        List<CqlParser.AdditiveOperatorContext> operators = ctx.additiveOperator();
        state.enter(operators.size(), ctx.getStart());
        Selector result = product(operands.get(0));
        for (int i = 0; i < operators.size(); i++) {
            ArithmeticOperator operator = ArithmeticOperator.fromSymbol(operators.get(i).getText());
            result = new Selector.Arithmetic(operator, result, product(operands.get(i + 1)));
        }
        state.exit(operators.size());
        return result;
    }

    List<Selector> selectors(List<CqlParser.UnaliasedSelectorContext> contexts) {
        List<Selector> selectors = new ArrayList<>(contexts.size());
        for (CqlParser.UnaliasedSelectorContext ctx : contexts) {
            selectors.add(selector(ctx));
        }
        return selectors;
    }

    private Selector product(CqlParser.SelectorProductContext ctx) {
        List<CqlParser.SelectorGroupContext> operands = ctx.selectorGroup();
        List<CqlParser.MultiplicativeOperatorContext> operators = ctx.multiplicativeOperator();
        state.enter(operators.size(), ctx.getStart());
        Selector result = group(operands.get(0));
        for (int i = 0; i < operators.size(); i++) {
            ArithmeticOperator operator = ArithmeticOperator.fromSymbol(operators.get(i).getText());
            result = new Selector.Arithmetic(operator, result, group(operands.get(i + 1)));
        }
        state.exit(operators.size());
        return result;
    }

    /**
     * {@code prefixes primary modifiers}: modifiers ({@code .field}, {@code [element]},
     * {@code [from..to]}) bind tighter than prefixes ({@code -}, {@code (type)}).
     */
    private Selector group(CqlParser.SelectorGroupContext ctx) {
        List<CqlParser.SelectorPrefixContext> prefixes = ctx.selectorPrefix();
        int levels = prefixes.size() + ctx.selectorModifier().size();
        state.enter(levels, ctx.getStart());
        Selector result = modified(primary(ctx.selectorPrimary()), ctx.selectorModifier());
        for (int i = prefixes.size() - 1; i >= 0; i--) {
            CqlParser.CqlTypeContext hint = prefixes.get(i).cqlType();
            result = hint == null ? negate(result) : new Selector.TypeHint(types.type(hint), result);
        }
        state.exit(levels);
        return result;
    }

    private static Selector negate(Selector selector) {
        if (selector instanceof Selector.Value value && value.term() instanceof Term.Literal) {
            Term negated = TermBuilder.negate(value.term());
            if (negated instanceof Term.Literal) {
                return new Selector.Value(negated);
            }
        }
        return new Selector.Negation(selector);
    }

    private Selector modified(Selector selector, List<CqlParser.SelectorModifierContext> modifiers) {
        Selector result = selector;
        for (CqlParser.SelectorModifierContext modifier : modifiers) {
            result = modify(result, modifier);
        }
        return result;
    }

    private Selector modify(Selector selector, CqlParser.SelectorModifierContext ctx) {
        if (ctx instanceof CqlParser.FieldModifierContext c) {
            return new Selector.FieldSelection(selector, Identifiers.field(c.fieldName()));
        }
        if (ctx instanceof CqlParser.ElementModifierContext c) {
            return new Selector.ElementSelection(selector, terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.SliceFromModifierContext c) {
            Term from = terms.term(c.lower);
            return new Selector.SliceSelection(selector, from, c.upper == null ? null : terms.term(c.upper));
        }
        if (ctx instanceof CqlParser.SliceToModifierContext c) {
            return new Selector.SliceSelection(selector, null, terms.term(c.upper));
        }
        throw new AssertionError("selectorModifier alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    private Selector primary(CqlParser.SelectorPrimaryContext ctx) {
        if (ctx instanceof CqlParser.ColumnSelectorContext c) {
            return new Selector.ColumnRef(Identifiers.of(c.identifier()));
        }
        if (ctx instanceof CqlParser.ConstantSelectorContext c) {
            return new Selector.Value(terms.constant(c.constant()));
        }
        if (ctx instanceof CqlParser.NullSelectorContext) {
            return new Selector.Value(Term.Literal.NULL);
        }
        if (ctx instanceof CqlParser.MarkerSelectorContext c) {
            return new Selector.Value(terms.marker(c.bindMarker()));
        }
        if (ctx instanceof CqlParser.CountRowsSelectorContext) {
            return new Selector.CountRows();
        }
        if (ctx instanceof CqlParser.EmptyBracesSelectorContext) {
            return new Selector.Value(new Term.EmptySetOrMap());
        }
        if (ctx instanceof CqlParser.TupleSelectorContext c && c.unaliasedSelector().size() == 1) {
            // (s) is s in parentheses, not a tuple.
            return new Selector.Parenthesized(selector(c.unaliasedSelector(0)));
        }
        state.enter(ctx.getStart());
        Selector selector = composite(ctx);
        state.exit();
        return selector;
    }

    private Selector composite(CqlParser.SelectorPrimaryContext ctx) {
        if (ctx instanceof CqlParser.FunctionSelectorContext c) {
            return new Selector.FunctionCall(Identifiers.function(c.functionName()), selectors(c.unaliasedSelector()));
        }
        if (ctx instanceof CqlParser.WritetimeOrTtlSelectorContext c) {
            state.enter(c.selectorModifier().size(), c.getStart());
            Selector column = new Selector.ColumnRef(Identifiers.of(c.identifier()));
            Selector target = modified(column, c.selectorModifier());
            state.exit(c.selectorModifier().size());
            return new Selector.WritetimeOrTtl(metadataKind(c), target);
        }
        if (ctx instanceof CqlParser.CastSelectorContext c) {
            Selector selector = selector(c.unaliasedSelector());
            return new Selector.Cast(selector, TypeBuilder.nativeType(c.nativeType()));
        }
        if (ctx instanceof CqlParser.ListSelectorContext c) {
            return new Selector.ListSelector(selectors(c.unaliasedSelector()));
        }
        if (ctx instanceof CqlParser.SetSelectorContext c) {
            return new Selector.SetSelector(selectors(c.unaliasedSelector()));
        }
        if (ctx instanceof CqlParser.MapSelectorContext c) {
            List<Selector.MapSelector.Entry> entries = new ArrayList<>();
            for (CqlParser.SelectorEntryContext entry : c.selectorEntry()) {
                Selector key = selector(entry.key);
                entries.add(new Selector.MapSelector.Entry(key, selector(entry.value)));
            }
            return new Selector.MapSelector(entries);
        }
        if (ctx instanceof CqlParser.TupleSelectorContext c) {
            return new Selector.TupleSelector(selectors(c.unaliasedSelector()));
        }
        throw new AssertionError("selectorPrimary alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    private static Selector.WritetimeOrTtl.Kind metadataKind(CqlParser.WritetimeOrTtlSelectorContext ctx) {
        return switch (ctx.kind.getType()) {
            case CqlLexer.K_WRITETIME -> Selector.WritetimeOrTtl.Kind.WRITETIME;
            case CqlLexer.K_MAXWRITETIME -> Selector.WritetimeOrTtl.Kind.MAXWRITETIME;
            default -> Selector.WritetimeOrTtl.Kind.TTL;
        };
    }
}
