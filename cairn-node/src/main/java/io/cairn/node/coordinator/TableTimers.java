package io.cairn.node.coordinator;

import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.storage.TableId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One timer per table, named {@code name} and tagged with its keyspace and table, made on first
 * use: a user table's keeps its recent median and 99th percentile, a system table's its count,
 * time and max only. A dropped table's timer leaves the registry, so that a table made again
 * under its name starts from zero.
 */
public final class TableTimers {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final ConcurrentMap<TableId, Timer> timers = new ConcurrentHashMap<>();

    public TableTimers(MeterRegistry registry, String name, String description) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    public Timer of(TableId table) {
        Timer timer = timers.get(table);
        return timer != null ? timer : timers.computeIfAbsent(table, id -> {
            Timer.Builder builder = Timer.builder(name).tag("keyspace", id.keyspace()).tag("table", id.table())
                    .description(description);
            if (!SystemKeyspaces.isSystem(id.keyspace())) {
                builder.publishPercentiles(0.5, 0.99);
            }
            return builder.register(registry);
        });
    }

    /** Removes a dropped table's timer from the registry. */
    public void forget(TableId table) {
        Timer timer = timers.remove(table);
        if (timer != null) {
            registry.remove(timer);
        }
    }

    /** Removes the timers of every table of a dropped keyspace. */
    public void forgetKeyspace(String keyspace) {
        for (TableId table : List.copyOf(timers.keySet())) {
            if (table.keyspace().equals(keyspace)) {
                forget(table);
            }
        }
    }
}
