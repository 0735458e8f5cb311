package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/** What an ALTER TYPE statement changes. */
public sealed interface AlterTypeAction {

    /** {@code ALTER field TYPE type}: parsed; Cassandra 5.0 rejects it when executed. */
    record AlterFieldType(String field, CqlTypeSyntax type) implements AlterTypeAction {

        public AlterFieldType {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code ADD [IF NOT EXISTS] field type}. */
    record AddField(boolean ifNotExists, FieldDefinition field) implements AlterTypeAction {

        public AddField {
            Objects.requireNonNull(field, "field");
        }
    }

    /** {@code RENAME [IF EXISTS] a TO b AND c TO d}. */
    record RenameFields(boolean ifExists, List<Rename> renames) implements AlterTypeAction {

        public RenameFields {
            renames = List.copyOf(renames);
        }
    }
}
