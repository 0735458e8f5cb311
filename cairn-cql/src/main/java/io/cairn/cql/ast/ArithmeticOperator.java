package io.cairn.cql.ast;

/** The binary operators of terms and selectors (Cassandra 4.0+), by precedence group. */
public enum ArithmeticOperator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    MODULO("%");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in CQL. */
    public String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol}. */
    public static ArithmeticOperator fromSymbol(String symbol) {
        for (ArithmeticOperator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("Not an arithmetic operator: " + symbol);
    }
}
