package io.cairn.node.query;

import io.cairn.cql.parser.ParsedStatement;

import java.util.List;

/**
 * What PREPARE returns and EXECUTE finds by id: the statement, its bind variables' receivers,
 * which variables are the partition key (for token-aware drivers), and the result columns.
 *
 * @param keyspace             the keyspace the statement was prepared in (part of its id)
 * @param variables            the bind variables by marker index, each named after its marker
 *                             ({@code :nm} is {@code nm}) or, for {@code ?}, its receiver
 * @param partitionKeyIndexes  for each partition key column, the index of the bind variable
 *                             giving it (the last one when several do), or empty when not all
 *                             of them are bound by markers or the variables span several tables
 */
public record PreparedStatement(byte[] id, String query, String keyspace, ParsedStatement parsed,
                                List<ResultColumn> variables, List<Integer> partitionKeyIndexes,
                                List<ResultColumn> resultColumns, byte[] resultMetadataId) {

    public PreparedStatement {
        variables = List.copyOf(variables);
        partitionKeyIndexes = List.copyOf(partitionKeyIndexes);
        resultColumns = List.copyOf(resultColumns);
    }
}
