package io.cairn.cql.parser;

import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.Term;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds {@link Term}s: constants, bind markers, literals, calls, casts and arithmetic. */
final class TermBuilder {

    private final BuildState state;
    private final TypeBuilder types;

    TermBuilder(BuildState state, TypeBuilder types) {
        this.state = state;
        this.types = types;
    }

    Term term(CqlParser.TermContext ctx) {
        List<CqlParser.TermProductContext> operands = ctx.termProduct();
        List<CqlParser.AdditiveOperatorContext> operators = ctx.additiveOperator();
        state.enter(operators.size(), ctx.getStart());
        Term result = product(operands.get(0));
        for (int i = 0; i < operators.size(); i++) {
            ArithmeticOperator operator = ArithmeticOperator.fromSymbol(operators.get(i).getText());
            result = new Term.Arithmetic(operator, result, product(operands.get(i + 1)));
        }
        state.exit(operators.size());
        return result;
    }

    List<Term> terms(List<CqlParser.TermContext> contexts) {
        List<Term> terms = new ArrayList<>(contexts.size());
        for (CqlParser.TermContext ctx : contexts) {
            terms.add(term(ctx));
        }
        return terms;
    }

    private Term product(CqlParser.TermProductContext ctx) {
        List<CqlParser.TermGroupContext> operands = ctx.termGroup();
        List<CqlParser.MultiplicativeOperatorContext> operators = ctx.multiplicativeOperator();
        state.enter(operators.size(), ctx.getStart());
        Term result = group(operands.get(0));
        for (int i = 0; i < operators.size(); i++) {
            ArithmeticOperator operator = ArithmeticOperator.fromSymbol(operators.get(i).getText());
            result = new Term.Arithmetic(operator, result, group(operands.get(i + 1)));
        }
        state.exit(operators.size());
        return result;
    }

    /**
     * Prefixes apply from the innermost (nearest the primary term) outwards. Types hold no
     * bind markers, so building them after the primary term keeps markers in textual order.
     */
    private Term group(CqlParser.TermGroupContext ctx) {
        List<CqlParser.TermPrefixContext> prefixes = ctx.termPrefix();
        state.enter(prefixes.size(), ctx.getStart());
        Term result = primary(ctx.primaryTerm());
        for (int i = prefixes.size() - 1; i >= 0; i--) {
            CqlParser.CqlTypeContext hint = prefixes.get(i).cqlType();
            result = hint == null ? negate(result) : new Term.TypeHint(types.type(hint), result);
        }
        state.exit(prefixes.size());
        return result;
    }

    /** {@code -term}: part of the literal for a number or duration, a negation otherwise. */
    static Term negate(Term term) {
        if (term instanceof Term.Literal literal && !literal.text().startsWith("-")) {
            switch (literal.kind()) {
                case INTEGER, DURATION:
                    return new Term.Literal(literal.kind(), "-" + literal.text());
                case FLOAT:
                    return literal.text().equals("NaN")
                            ? literal
                            : Term.Literal.floatingPoint("-" + literal.text());
                default:
                    break;
            }
        }
        return new Term.Negation(term);
    }

    private Term primary(CqlParser.PrimaryTermContext ctx) {
        if (ctx instanceof CqlParser.ConstantTermContext c) {
            return constant(c.constant());
        }
        if (ctx instanceof CqlParser.NullTermContext) {
            return Term.Literal.NULL;
        }
        if (ctx instanceof CqlParser.MarkerTermContext c) {
            return marker(c.bindMarker());
        }
        if (ctx instanceof CqlParser.EmptyBracesTermContext) {
            return new Term.EmptySetOrMap();
        }
        state.enter(ctx.getStart());
        Term term = composite(ctx);
        state.exit();
        return term;
    }

    private Term composite(CqlParser.PrimaryTermContext ctx) {
        if (ctx instanceof CqlParser.ListTermContext c) {
            return new Term.ListLiteral(terms(c.term()));
        }
        if (ctx instanceof CqlParser.SetTermContext c) {
            return new Term.SetLiteral(terms(c.term()));
        }
        if (ctx instanceof CqlParser.MapTermContext c) {
            List<Term.MapLiteral.Entry> entries = new ArrayList<>();
            for (CqlParser.MapEntryContext entry : c.mapEntry()) {
                Term key = term(entry.key);
                entries.add(new Term.MapLiteral.Entry(key, term(entry.value)));
            }
            return new Term.MapLiteral(entries);
        }
        if (ctx instanceof CqlParser.UdtTermContext c) {
            List<Term.UdtLiteral.Field> fields = new ArrayList<>();
            for (CqlParser.UdtFieldContext field : c.udtField()) {
                fields.add(new Term.UdtLiteral.Field(Identifiers.field(field.fieldName()), term(field.term())));
            }
            return new Term.UdtLiteral(fields);
        }
        if (ctx instanceof CqlParser.TupleTermContext c) {
            return tuple(c.tupleLiteral());
        }
        if (ctx instanceof CqlParser.FunctionTermContext c) {
            return new Term.FunctionCall(Identifiers.function(c.functionName()), terms(c.term()));
        }
        if (ctx instanceof CqlParser.CastTermContext c) {
            Term term = term(c.term());
            return new Term.Cast(term, TypeBuilder.nativeType(c.nativeType()));
        }
        throw new AssertionError("primaryTerm alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    /** {@code (t1, t2, ...)}, with the nesting level it adds already entered by the caller. */
    Term.TupleLiteral tuple(CqlParser.TupleLiteralContext ctx) {
        return new Term.TupleLiteral(terms(ctx.term()));
    }

    Term.Literal constant(CqlParser.ConstantContext ctx) {
        return constant(ctx.getStart());
    }

    /** A constant after an optional minus sign, as in options: {@code gc_grace_seconds = -1}. */
    Term.Literal optionConstant(CqlParser.OptionConstantContext ctx) {
        if (ctx.constant() != null) {
            return constant(ctx.constant());
        }
        return (Term.Literal) negate(constant(ctx.numericConstant().getStart()));
    }

    private static Term.Literal constant(Token token) {
        String text = token.getText();
        return switch (token.getType()) {
            case CqlLexer.STRING_LITERAL -> Term.Literal.string(stringContent(token));
            case CqlLexer.INTEGER -> Term.Literal.integer(text);
            case CqlLexer.FLOAT -> Term.Literal.floatingPoint(text);
            case CqlLexer.K_NAN -> Term.Literal.floatingPoint("NaN");
            case CqlLexer.K_INFINITY -> Term.Literal.floatingPoint("Infinity");
            case CqlLexer.DURATION -> Term.Literal.duration(text);
            case CqlLexer.BOOLEAN -> new Term.Literal(LiteralKind.BOOLEAN, text.toLowerCase(Locale.ROOT));
            case CqlLexer.UUID -> Term.Literal.uuid(text);
            case CqlLexer.HEXNUMBER -> Term.Literal.hex(text);
            default -> throw new AssertionError("constant token without a kind: "
                    + CqlLexer.VOCABULARY.getDisplayName(token.getType()));
        };
    }

    Term.BindMarker marker(CqlParser.BindMarkerContext ctx) {
        if (ctx instanceof CqlParser.NamedMarkerContext c) {
            return state.newMarker(Identifiers.of(c.identifier()), ctx.getStart());
        }
        return state.newMarker(null, ctx.getStart());
    }

    /** LIMIT, PER PARTITION LIMIT, USING TTL and TIMESTAMP: an integer or a bind marker. */
    Term intValue(CqlParser.IntValueContext ctx) {
        if (ctx.bindMarker() != null) {
            return marker(ctx.bindMarker());
        }
        String digits = ctx.INTEGER().getText();
        return Term.Literal.integer(ctx.getStart().getType() == CqlLexer.INTEGER ? digits : "-" + digits);
    }

    /** A string literal's content: quotes removed, {@code ''} unescaped; {@code $$} strings verbatim. */
    static String stringContent(Token token) {
        String text = token.getText();
        if (text.startsWith("$$")) {
            return text.substring(2, text.length() - 2);
        }
        return text.substring(1, text.length() - 1).replace("''", "'");
    }
}
