package io.cairn.cql.ast;

/** The comparison operators of WHERE relations and IF conditions. */
public enum ComparisonOperator {
    EQ("="),
    NEQ("!="),
    LT("<"),
    LTE("<="),
    GT(">"),
    GTE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in CQL. */
    public String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol}. */
    public static ComparisonOperator fromSymbol(String symbol) {
        for (ComparisonOperator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("Not a comparison operator: " + symbol);
    }
}
