package io.cairn.cql.parser;

import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.NativeTypeName;

import java.util.ArrayList;
import java.util.List;

/** Builds {@link CqlTypeSyntax} from the {@code cqlType} rule. */
final class TypeBuilder {

    private final BuildState state;

    TypeBuilder(BuildState state) {
        this.state = state;
    }

    CqlTypeSyntax type(CqlParser.CqlTypeContext ctx) {
        if (ctx instanceof CqlParser.NativeCqlTypeContext c) {
            return new CqlTypeSyntax.NativeType(nativeType(c.nativeType()));
        }
        if (ctx instanceof CqlParser.UserTypeContext c) {
            return new CqlTypeSyntax.UserType(Identifiers.userType(c.userTypeName()));
        }
        if (ctx instanceof CqlParser.CustomTypeContext c) {
            return new CqlTypeSyntax.CustomType(TermBuilder.stringContent(c.STRING_LITERAL().getSymbol()));
        }
        state.enter(ctx.getStart());
        CqlTypeSyntax type = parameterized(ctx);
        state.exit();
        return type;
    }

    static NativeTypeName nativeType(CqlParser.NativeTypeContext ctx) {
        return NativeTypeName.fromCqlName(ctx.getStart().getText());
    }

    private CqlTypeSyntax parameterized(CqlParser.CqlTypeContext ctx) {
        if (ctx instanceof CqlParser.ListTypeContext c) {
            return new CqlTypeSyntax.ListType(type(c.cqlType()));
        }
        if (ctx instanceof CqlParser.SetTypeContext c) {
            return new CqlTypeSyntax.SetType(type(c.cqlType()));
        }
        if (ctx instanceof CqlParser.MapTypeContext c) {
            CqlTypeSyntax key = type(c.key);
            return new CqlTypeSyntax.MapType(key, type(c.value));
        }
        if (ctx instanceof CqlParser.TupleTypeContext c) {
            List<CqlTypeSyntax> elements = new ArrayList<>();
            for (CqlParser.CqlTypeContext element : c.cqlType()) {
                elements.add(type(element));
            }
            return new CqlTypeSyntax.TupleType(elements);
        }
        if (ctx instanceof CqlParser.VectorTypeContext c) {
            CqlTypeSyntax element = type(c.cqlType());
            try {
                return new CqlTypeSyntax.VectorType(element, Integer.parseInt(c.dimension.getText()));
            } catch (NumberFormatException e) {
                throw SyntaxErrors.at(c.dimension, "vector dimension " + c.dimension.getText() + " is too large");
            }
        }
        if (ctx instanceof CqlParser.FrozenTypeContext c) {
            return new CqlTypeSyntax.FrozenType(type(c.cqlType()));
        }
        throw new AssertionError("cqlType alternative without a builder: " + ctx.getClass().getSimpleName());
    }
}
