package io.cairn.cql.ast;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an ALTER TABLE statement changes. */
public sealed interface AlterTableAction {

    /** {@code ALTER column TYPE type}: parsed; Cassandra 5.0 rejects it when executed. */
    record AlterColumnType(String column, CqlTypeSyntax type) implements AlterTableAction {

        public AlterColumnType {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code ADD [IF NOT EXISTS] column type [STATIC]} or {@code ADD (c1 t1, c2 t2)}. */
    record AddColumns(boolean ifNotExists, List<ColumnDefinition> columns) implements AlterTableAction {

        public AddColumns {
            columns = List.copyOf(columns);
        }
    }

    /**
     * {@code DROP [IF EXISTS] column} or {@code DROP (c1, c2)}, optionally
     * {@code USING TIMESTAMP t}.
     *
     * @param timestampMicros the drop's timestamp, or {@code null} when not given
     */
    record DropColumns(boolean ifExists, List<String> columns, Long timestampMicros) implements AlterTableAction {

        public DropColumns {
            columns = List.copyOf(columns);
        }
    }

    /** {@code RENAME [IF EXISTS] a TO b AND c TO d}. */
    record RenameColumns(boolean ifExists, List<Rename> renames) implements AlterTableAction {

        public RenameColumns {
            renames = List.copyOf(renames);
        }
    }

    /** {@code WITH options}, by canonical name in the order written. */
    record AlterOptions(Map<String, OptionValue> options) implements AlterTableAction {

        public AlterOptions {
            options = Options.copyOf(options);
        }
    }

    /** {@code DROP COMPACT STORAGE}. */
    record DropCompactStorage() implements AlterTableAction {
    }
}
