package io.cairn.node.query;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;

import java.util.List;

/**
 * What a BATCH may combine, checked once its statements are analyzed and in Cassandra's
 * order, so that the same batch fails with the same message: a TTL for the whole batch, a
 * batch timestamp next to a statement's own, and counter/non-counter mixes. Cairn has no
 * counter tables, so every statement is a non-counter one.
 */
final class BatchRules {

    private BatchRules() {
    }

    /**
     * @param using the batch's own USING clause ({@link UsingClause#NONE} for a protocol BATCH
     *              message, whose timestamp comes with the request instead)
     */
    static void check(BatchStatement.Type type, UsingClause using, List<ModificationPlan> statements) {
        if (using.hasTtl()) {
            throw CqlException.invalid("Global TTL on the BATCH statement is not supported.");
        }
        boolean isTimestampSet = using.hasTimestamp();
        boolean hasConditions = ConditionalWrite.isConditional(statements);
        if (isTimestampSet && hasConditions) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional BATCH");
        }
        if (isTimestampSet && type == BatchStatement.Type.COUNTER) {
            throw CqlException.invalid("Cannot provide custom timestamp for counter BATCH");
        }
        for (ModificationPlan statement : statements) {
            if (isTimestampSet && statement.hasOwnTimestamp()) {
                throw CqlException.invalid("Timestamp must be set either on BATCH or individual statements");
            }
            if (type == BatchStatement.Type.COUNTER) {
                throw CqlException.invalid("Cannot include non-counter statement in a counter batch");
            }
        }
        if (hasConditions) {
            for (ModificationPlan statement : statements) {
                if (!statement.table().id().equals(statements.get(0).table().id())) {
                    throw CqlException.invalid("Batch with conditions cannot span multiple tables");
                }
            }
        }
    }
}
