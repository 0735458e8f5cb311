package io.cairn.node.query;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;

import java.util.List;

/**
 * What a BATCH may combine, checked once its statements are analyzed and in Cassandra's
 * order, so that the same batch fails with the same message: a TTL for the whole batch, a
 * batch timestamp next to a statement's own, and counter/non-counter mixes (a counter update goes
 * in a COUNTER or UNLOGGED batch, never with other updates).
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
        boolean hasCounters = false;
        boolean hasNonCounters = false;
        for (ModificationPlan statement : statements) {
            if (isTimestampSet && statement.hasOwnTimestamp()) {
                throw CqlException.invalid("Timestamp must be set either on BATCH or individual statements");
            }
            if (statement.table().isCounter()) {
                hasCounters = true;
            } else {
                hasNonCounters = true;
            }
        }
        if (hasCounters && hasNonCounters) {
            throw CqlException.invalid("Counter and non-counter mutations cannot exist in the same batch");
        }
        if (type == BatchStatement.Type.COUNTER && hasNonCounters) {
            throw CqlException.invalid("Cannot include non-counter statement in a counter batch");
        }
        if (type == BatchStatement.Type.LOGGED && hasCounters) {
            throw CqlException.invalid("Cannot include a counter statement in a logged batch");
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
