package io.cairn.node.query;

import io.cairn.node.schema.TableLayout;

import io.cairn.cql.ast.Assignment;
import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Deletion;
import io.cairn.storage.Row;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a statement does to one column: set it, add to or remove from a collection, set an
 * element or field, delete it. Multi-cell collections write one cell per element; setting a
 * whole one first deletes what was there (a column deletion just before the write's time).
 */
abstract class ColumnOperation {

    private final ColumnMetadata column;

    ColumnOperation(ColumnMetadata column) {
        this.column = column;
    }

    ColumnMetadata column() {
        return column;
    }

    abstract void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time);

    /**
     * Whether {@link #apply} will ask for the column's current cells with these values (a list
     * element set or deleted by index, list elements removed by value): they are read before
     * the update is computed. False when a value is null or unset, where nothing is read.
     */
    boolean readsCurrentCells(ExecutionContext context) {
        return false;
    }

    /**
     * Whether the term has a value. One that fails to bind reads nothing: {@link #apply} binds
     * it again and reports the error in its turn, after the errors of the operations before it.
     */
    private static boolean isSetAndNotNull(BoundTerm term, ExecutionContext context) {
        ByteBuffer bound;
        try {
            bound = term.bind(context);
        } catch (CqlException e) {
            return false;
        }
        return bound != null && bound != QueryOptions.UNSET;
    }

    static ColumnOperation set(ColumnMetadata column, BoundTerm value) {
        return new ColumnOperation(column) {
            @Override
            void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                ByteBuffer bound = value.bind(context);
                if (bound == QueryOptions.UNSET) {
                    return;
                }
                CqlType type = column.type();
                if (!type.isMultiCell()) {
                    row.cell(bound == null ? tombstone(column, time) : cell(column, bound, time));
                    return;
                }
                row.deleteColumn(column.name(), new Deletion(time.timestampMicros() - 1, time.nowSeconds()));
                if (bound == null) {
                    return;
                }
                writeElements(row, column, bound, context, time);
            }
        };
    }

    static ColumnOperation analyze(TableMetadata table, ColumnMetadata column, Assignment assignment,
                                   TermAnalyzer terms) {
        ResultColumn receiver = new ResultColumn(table.keyspace(), table.name(), column.name(), column.type());
        CqlType type = column.type();
        if (type == io.cairn.cql.type.NativeType.COUNTER) {
            return counter(column, assignment, receiver, terms);
        }
        if (assignment instanceof Assignment.SetValue set) {
            return set(column, terms.analyze(set.value(), receiver));
        } else if (assignment instanceof Assignment.Addition addition) {
                requireMultiCell(column, "+", terms.text(addition.value()));
                BoundTerm value = terms.analyze(addition.value(), receiver);
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        ByteBuffer bound = value.bind(context);
                        if (bound != null && bound != QueryOptions.UNSET) {
                            writeElements(row, column, bound, context, time);
                        }
                    }
                };
        } else if (assignment instanceof Assignment.Subtraction subtraction) {
                requireMultiCell(column, "-", terms.text(subtraction.value()));
                if (type instanceof ListType list) {
                    BoundTerm removed = terms.analyze(subtraction.value(), receiver);
                    return new ColumnOperation(column) {
                        @Override
                        boolean readsCurrentCells(ExecutionContext context) {
                            return isSetAndNotNull(removed, context);
                        }

                        @Override
                        void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                            ByteBuffer bound = removed.bind(context);
                            if (bound == null || bound == QueryOptions.UNSET) {
                                return;
                            }
                            List<ByteBuffer> values = list.unpack(bound);
                            for (Cell cell : time.current().of(column, row.clustering())) {
                                ByteBuffer element = ByteBuffer.wrap(cell.value());
                                if (values.stream().anyMatch(v -> list.element().compare(v, element) == 0)) {
                                    row.cell(tombstone(column, time).atPath(cell.path()));
                                }
                            }
                        }
                    };
                }
                CqlType removed = type instanceof MapType map ? new SetType(map.keys(), true) : type;
                BoundTerm value = terms.analyze(subtraction.value(), receiver.type().equals(removed) ? receiver
                        : new ResultColumn(receiver.keyspace(), receiver.table(), receiver.name(), removed));
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        ByteBuffer bound = value.bind(context);
                        if (bound == null || bound == QueryOptions.UNSET) {
                            return;
                        }
                        CqlType elementType = type instanceof MapType map ? map.keys() : ((SetType) type).element();
                        for (ByteBuffer element : ((SetType) value.type()).unpack(bound)) {
                            row.cell(tombstone(column, time).atPath(TableLayout.elementPath(elementType, element)));
                        }
                    }
                };
        } else if (assignment instanceof Assignment.Prepend prepend) {
            BoundTerm value = terms.analyze(prepend.value(), receiver);
            if (!(type instanceof ListType list) || !type.isMultiCell()) {
                throw prependRefused(column, terms.text(prepend.value()), type instanceof ListType);
            }
            return new ColumnOperation(column) {
                @Override
                void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                    ByteBuffer bound = value.bind(context);
                    if (bound == null || bound == QueryOptions.UNSET) {
                        return;
                    }
                    List<ByteBuffer> elements = list.unpack(bound);
                    // Prepended keys decrease with time, below every appended key; the last
                    // element takes the first (largest) key so the list keeps its order.
                    for (int i = elements.size() - 1; i >= 0; i--) {
                        UUID key = context.newTimeUuid();
                        long prependKey = PREPEND_BASE - (key.timestamp() - PREPEND_EPOCH);
                        ByteBuffer path = ByteBuffer.allocate(16).putLong(prependKey).putLong(key.getLeastSignificantBits());
                        row.cell(cell(column, elements.get(i), time).atPath(path.array()));
                    }
                }
            };
        } else if (assignment instanceof Assignment.SetElement element) {
                if (type instanceof ListType list && type.isMultiCell()) {
                    return listElement(table, column, list, element, terms);
                }
                if (!(type instanceof MapType map) || !type.isMultiCell()) {
                    String kind = type instanceof SetType ? "set" : type instanceof ListType || type instanceof MapType
                            ? "frozen collection" : "non collection";
                    throw CqlException.invalid("Invalid operation (" + column.name() + "[" + terms.text(element.key())
                            + "] = " + terms.text(element.value()) + ") for " + kind + " column " + column.name());
                }
                BoundTerm key = terms.analyze(element.key(), new ResultColumn(table.keyspace(), table.name(),
                        "key(" + column.name() + ")", map.keys()));
                BoundTerm value = terms.analyze(element.value(), new ResultColumn(table.keyspace(), table.name(),
                        "value(" + column.name() + ")", map.values()));
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        ByteBuffer k = key.bind(context);
                        ByteBuffer v = value.bind(context);
                        if (k == null) {
                            throw CqlException.invalid("Invalid null map key");
                        }
                        if (k == QueryOptions.UNSET || v == QueryOptions.UNSET) {
                            return;
                        }
                        byte[] path = TableLayout.elementPath(map.keys(), k);
                        row.cell((v == null ? tombstone(column, time) : cell(column, v, time)).atPath(path));
                    }
                };
        } else if (assignment instanceof Assignment.SetField field) {
                if (!(type instanceof UserType udt) || !type.isMultiCell()) {
                    throw CqlException.invalid("Invalid operation (" + column.name() + "." + field.field() + " = "
                            + terms.text(field.value()) + ") for " + (type instanceof UserType ? "frozen UDT" : "non-UDT")
                            + " column " + column.name());
                }
                int index = udt.fieldIndex(field.field());
                if (index < 0) {
                    throw CqlException.invalid("UDT column " + column.name() + " does not have a field named "
                            + field.field());
                }
                BoundTerm value = terms.analyze(field.value(), new ResultColumn(table.keyspace(), table.name(),
                        column.name() + "." + field.field(), udt.fieldTypes().get(index)));
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        ByteBuffer v = value.bind(context);
                        if (v == QueryOptions.UNSET) {
                            return;
                        }
                        row.cell((v == null ? tombstone(column, time) : cell(column, v, time))
                                .atPath(TableLayout.fieldPath(index)));
                    }
                };
            }
        throw new IllegalStateException("Unknown assignment " + assignment);
    }

    /** Cassandra's wording, its minus sign included. */
    private static CqlException prependRefused(ColumnMetadata column, String value, boolean isList) {
        return CqlException.invalid("Invalid operation (" + column.name() + " = " + value + " - " + column.name()
                + ") for " + (isList ? "frozen list" : "non list") + " column " + column.name());
    }

    /**
     * A counter's assignment: only {@code c = c + n} and {@code c = c - n} (a bigint), each an
     * increment that the partition's leader adds to its shard.
     */
    private static ColumnOperation counter(ColumnMetadata column, Assignment assignment, ResultColumn receiver,
                                           TermAnalyzer terms) {
        io.cairn.cql.ast.Term term;
        boolean negate;
        if (assignment instanceof Assignment.Addition addition) {
            term = addition.value();
            negate = false;
        } else if (assignment instanceof Assignment.Subtraction subtraction) {
            term = subtraction.value();
            negate = true;
        } else if (assignment instanceof Assignment.Prepend prepend) {
            terms.analyze(prepend.value(), receiver);
            throw prependRefused(column, terms.text(prepend.value()), false);
        } else if (assignment instanceof Assignment.SetValue) {
            throw CqlException.invalid("Cannot set the value of counter column " + column.name()
                    + " (counters can only be incremented/decremented, not set)");
        } else {
            throw CqlException.invalid("Invalid operation for counter column " + column.name());
        }
        BoundTerm value = terms.analyze(term, receiver);
        return new ColumnOperation(column) {
            @Override
            void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                ByteBuffer bound = value.bind(context);
                if (bound == null) {
                    throw CqlException.invalid("Invalid null value for counter increment");
                }
                if (bound == QueryOptions.UNSET) {
                    return;
                }
                long delta = bound.getLong(bound.position());
                row.cell(io.cairn.node.counter.CounterCells.delta(column.name(), negate ? -delta : delta,
                        time.timestampMicros()));
            }
        };
    }

    static ColumnOperation delete(TableMetadata table, ColumnMetadata column, ColumnTarget target, TermAnalyzer terms) {
        CqlType type = column.type();
        if (target instanceof ColumnTarget.Column) {
            return new ColumnOperation(column) {
                @Override
                void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                    // A counter's shards are cells of their own, as a collection's elements are.
                    if (type.isMultiCell() || type == io.cairn.cql.type.NativeType.COUNTER) {
                        row.deleteColumn(column.name(), new Deletion(time.timestampMicros(), time.nowSeconds()));
                    } else {
                        row.cell(tombstone(column, time));
                    }
                }
            };
        } else if (target instanceof ColumnTarget.Element element) {
                if (!type.isMultiCell() || type instanceof UserType) {
                    throw CqlException.invalid("Invalid deletion operation for non collection column " + column.name());
                }
                if (type instanceof ListType) {
                    BoundTerm index = terms.analyze(element.key(), new ResultColumn(table.keyspace(), table.name(),
                            "idx(" + column.name() + ")", io.cairn.cql.type.NativeType.INT));
                    return new ColumnOperation(column) {
                        @Override
                        boolean readsCurrentCells(ExecutionContext context) {
                            return isSetAndNotNull(index, context);
                        }

                        @Override
                        void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                            Cell existing = elementAt(column, index, row, context, time);
                            if (existing != null) {
                                row.cell(tombstone(column, time).atPath(existing.path()));
                            }
                        }
                    };
                }
                CqlType keyType = type instanceof MapType map ? map.keys() : ((SetType) type).element();
                BoundTerm key = terms.analyze(element.key(), new ResultColumn(table.keyspace(), table.name(),
                        "key(" + column.name() + ")", keyType));
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        ByteBuffer k = key.bind(context);
                        if (k == null) {
                            throw CqlException.invalid("Invalid null value for " + column.name() + " element");
                        }
                        if (k != QueryOptions.UNSET) {
                            row.cell(tombstone(column, time).atPath(TableLayout.elementPath(keyType, k)));
                        }
                    }
                };
        } else if (target instanceof ColumnTarget.Field field) {
                if (!(type instanceof UserType udt) || !type.isMultiCell()) {
                    throw CqlException.invalid("Frozen UDT column " + column.name() + " does not support field deletion");
                }
                int index = udt.fieldIndex(field.field());
                if (index < 0) {
                    throw CqlException.invalid("UDT column " + column.name() + " does not have a field named "
                            + field.field());
                }
                return new ColumnOperation(column) {
                    @Override
                    void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                        row.cell(tombstone(column, time).atPath(TableLayout.fieldPath(index)));
                    }
                };
        }
        throw new IllegalStateException("Unknown deletion target " + target);
    }

    /** List keys of prepended elements count down from here (see Prepend). */
    private static final long PREPEND_BASE = 100_000_000_000_000_000L;
    private static final long PREPEND_EPOCH = 130_000_000_000_000_000L;

    private static ColumnOperation listElement(TableMetadata table, ColumnMetadata column, ListType list,
                                               Assignment.SetElement element, TermAnalyzer terms) {
        BoundTerm index = terms.analyze(element.key(), new ResultColumn(table.keyspace(), table.name(),
                "idx(" + column.name() + ")", io.cairn.cql.type.NativeType.INT));
        BoundTerm value = terms.analyze(element.value(), new ResultColumn(table.keyspace(), table.name(),
                "value(" + column.name() + ")", list.element()));
        return new ColumnOperation(column) {
            @Override
            boolean readsCurrentCells(ExecutionContext context) {
                return isSetAndNotNull(index, context);
            }

            @Override
            void apply(Row.Builder row, ExecutionContext context, ModificationPlan.WriteTime time) {
                Cell existing = elementAt(column, index, row, context, time);
                ByteBuffer v = value.bind(context);
                if (existing == null || v == QueryOptions.UNSET) {
                    return;
                }
                row.cell((v == null ? tombstone(column, time) : cell(column, v, time)).atPath(existing.path()));
            }
        };
    }

    /** The current cell at a list index: null for an unset index, an error past the end. */
    private static Cell elementAt(ColumnMetadata column, BoundTerm index, Row.Builder row, ExecutionContext context,
                                  ModificationPlan.WriteTime time) {
        ByteBuffer bound = index.bind(context);
        if (bound == null) {
            throw CqlException.invalid("Invalid null value for list index");
        }
        if (bound == QueryOptions.UNSET) {
            return null;
        }
        int i = bound.getInt(bound.position());
        List<Cell> cells = time.current().of(column, row.clustering());
        if (i < 0 || i >= cells.size()) {
            throw CqlException.invalid("List index " + i + " out of bound, list has size " + cells.size());
        }
        return cells.get(i);
    }

    /** {@code c = c + v} and {@code c = c - v} change a non-frozen collection (or, in Cassandra, a counter). */
    private static void requireMultiCell(ColumnMetadata column, String operator, String value) {
        CqlType type = column.type();
        if (!type.isMultiCell() || type instanceof UserType) {
            boolean collection = type instanceof ListType || type instanceof SetType || type instanceof MapType;
            throw CqlException.invalid("Invalid operation (" + column.name() + " = " + column.name() + " " + operator
                    + " " + value + ") for " + (collection ? "frozen collection" : "non counter") + " column "
                    + column.name());
        }
    }

    static void writeElements(Row.Builder row, ColumnMetadata column, ByteBuffer value, ExecutionContext context,
                              ModificationPlan.WriteTime time) {
        CqlType type = column.type();
        if (type instanceof ListType list) {
                for (ByteBuffer element : list.unpack(value)) {
                    UUID key = context.newTimeUuid();
                    ByteBuffer path = ByteBuffer.allocate(16).putLong(key.timestamp()).putLong(key.getLeastSignificantBits());
                    row.cell(cell(column, element, time).atPath(path.array()));
                }
        } else if (type instanceof SetType set) {
                for (ByteBuffer element : set.unpack(value)) {
                    row.cell(cell(column, ByteBuffer.allocate(0), time)
                            .atPath(TableLayout.elementPath(set.element(), element)));
                }
        } else if (type instanceof MapType map) {
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                    row.cell(cell(column, entry.getValue(), time)
                            .atPath(TableLayout.elementPath(map.keys(), entry.getKey())));
                }
        } else if (type instanceof UserType udt) {
                List<ByteBuffer> fields = udt.unpack(value);
                for (int i = 0; i < fields.size(); i++) {
                    if (fields.get(i) != null) {
                        row.cell(cell(column, fields.get(i), time).atPath(TableLayout.fieldPath(i)));
                    }
                }
        } else {
            throw new IllegalStateException("not multi-cell: " + column.type().asCql());
        }
    }

    static Cell cell(ColumnMetadata column, ByteBuffer value, ModificationPlan.WriteTime time) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        if (time.ttlSeconds() > 0) {
            return Cell.expiring(column.name(), bytes, time.timestampMicros(), time.ttlSeconds(),
                    time.expirationSeconds());
        }
        return Cell.live(column.name(), bytes, time.timestampMicros());
    }

    static Cell tombstone(ColumnMetadata column, ModificationPlan.WriteTime time) {
        return Cell.tombstone(column.name(), time.timestampMicros(), time.nowSeconds());
    }
}
