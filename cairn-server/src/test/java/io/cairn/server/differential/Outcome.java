package io.cairn.server.differential;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.AlreadyExistsException;
import com.datastax.oss.driver.api.core.servererrors.FunctionFailureException;
import com.datastax.oss.driver.api.core.servererrors.InvalidConfigurationInQueryException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ProtocolError;
import com.datastax.oss.driver.api.core.servererrors.ReadFailureException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.TruncateException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.protocol.internal.util.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one statement answered, as the lines of text the expected-results file holds: {@code ok} for a result
 * without rows (writes, DDL), the column names and CQL types then one line per row (each value a CQL literal
 * formatted by the driver's codec for the column's type) for a result with rows, or {@code error <kind>: <message>}
 * with the protocol's name of the error.
 */
record Outcome(List<String> lines) {

    static final String OK = "ok";
    static final String ERROR = "error ";
    private static final String SEPARATOR = " | ";

    static Outcome of(ResultSet result, CodecRegistry codecs) {
        ColumnDefinitions columns = result.getColumnDefinitions();
        if (columns.size() == 0) {
            return new Outcome(List.of(OK));
        }
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (ColumnDefinition column : columns) {
            header.add(column.getName().asInternal() + " " + column.getType().asCql(true, true));
        }
        lines.add(escape(String.join(SEPARATOR, header)));
        int rows = 0;
        for (Row row : result) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(format(codecs, columns.get(i).getType(), row, i));
            }
            lines.add(escape(String.join(SEPARATOR, values)));
            rows++;
        }
        lines.add("(" + rows + " rows)");
        return new Outcome(List.copyOf(lines));
    }

    static Outcome of(DriverException error) {
        return new Outcome(List.of(escape(ERROR + errorKind(error) + ": " + error.getMessage())));
    }

    /** The value as a CQL literal, or its bytes in hex when the driver cannot decode them. */
    /** A failure of the runner itself, e.g. a script binding the wrong number of values. */
    static Outcome client(String message) {
        return new Outcome(List.of(escape(ERROR + "client: " + message)));
    }

    @SuppressWarnings("unchecked")
    private static String format(CodecRegistry codecs, DataType type, Row row, int column) {
        try {
            return ((TypeCodec<Object>) codecs.codecFor(type)).format(row.getObject(column));
        } catch (RuntimeException e) {
            return "<undecodable " + Bytes.toHexString(row.getBytesUnsafe(column)) + ": " + e.getMessage() + ">";
        }
    }

    /** The native protocol's name of a server error (native_protocol_v5 §9); a client-side failure by its class. */
    private static String errorKind(DriverException error) {
        if (error instanceof SyntaxError) {
            return "SyntaxError";
        } else if (error instanceof InvalidConfigurationInQueryException) {
            return "ConfigurationException";
        } else if (error instanceof AlreadyExistsException) {
            return "AlreadyExists";
        } else if (error instanceof InvalidQueryException) {
            return "Invalid";
        } else if (error instanceof UnavailableException) {
            return "Unavailable";
        } else if (error instanceof ServerError) {
            return "ServerError";
        } else if (error instanceof FunctionFailureException) {
            return "FunctionFailure";
        } else if (error instanceof UnauthorizedException) {
            return "Unauthorized";
        } else if (error instanceof TruncateException) {
            return "TruncateError";
        } else if (error instanceof OverloadedException) {
            return "Overloaded";
        } else if (error instanceof ReadTimeoutException) {
            return "ReadTimeout";
        } else if (error instanceof WriteTimeoutException) {
            return "WriteTimeout";
        } else if (error instanceof ReadFailureException) {
            return "ReadFailure";
        } else if (error instanceof WriteFailureException) {
            return "WriteFailure";
        } else if (error instanceof ProtocolError) {
            return "ProtocolError";
        }
        return "client " + error.getClass().getSimpleName();
    }

    /** Keeps one value or message on one line of printable text: control characters are escaped. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\') {
                escaped.append("\\\\");
            } else if (c == '\n') {
                escaped.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    boolean isError() {
        return lines.size() == 1 && lines.get(0).startsWith(ERROR);
    }

    /** The error's kind, e.g. {@code Invalid}; only for an error. */
    String errorKind() {
        String line = lines.get(0);
        return line.substring(ERROR.length(), line.indexOf(':'));
    }

    /** Two answers match when they are identical, or are errors of the same kind (messages may be worded differently). */
    boolean matches(Outcome other) {
        return equals(other) || isError() && other.isError() && errorKind().equals(other.errorKind());
    }
}
