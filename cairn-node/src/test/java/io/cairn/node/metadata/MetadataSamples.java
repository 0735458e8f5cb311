package io.cairn.node.metadata;

import io.cairn.node.schema.SchemaChange;
import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.List;

import static io.cairn.node.metadata.MetadataFixtures.address;
import static io.cairn.node.metadata.MetadataFixtures.id;
import static io.cairn.node.metadata.MetadataFixtures.node;
import static io.cairn.node.metadata.MetadataFixtures.tokens;

/**
 * A cluster's life as its log records it: every kind of entry, applied one after the other
 * from the start, with the snapshot each one makes. Movements of every kind run through their
 * steps (one is cancelled), nodes join, leave, are replaced and removed, the schema (a real one,
 * made by DDL) changes and a table is truncated.
 */
public final class MetadataSamples {

    /** One applied entry and the snapshot it made. */
    public record Step(LogEntry entry, ClusterMetadata after) {
    }

    private MetadataSamples() {
    }

    public static List<Step> history() {
        SchemaFixtures ddl = SchemaFixtures.rich();
        List<Step> steps = new ArrayList<>();
        ClusterMetadata start = ClusterMetadata.empty(MetadataFixtures.CLUSTER, ddl.schema());
        History history = new History(steps, start);
        history.apply(new Initialize(MetadataFixtures.CLUSTER, node(1), tokens(1000, -4000, 7000), ddl.schema()));
        history.apply(new Register(node(2)));
        history.joinThroughEveryStep(2, tokens(2000, 9000));
        history.apply(new Register(node(3)));
        history.apply(new PrepareJoin(id(3), tokens(3000)));
        history.apply(new AdvanceMovement(id(3), AdvanceMovement.To.STARTED));
        history.apply(new CancelMovement(id(3)));
        history.apply(new Unregister(id(3)));
        history.apply(new AddMetadataReplica(id(2)));
        SchemaChange added = ddl.run("ALTER TABLE shop.\"Events\" ADD note text");
        history.apply(new AlterSchema(history.current.epoch(), "shop", ddl.keyspace("shop"), added));
        SchemaChange dropped = ddl.run("DROP KEYSPACE scratch");
        history.apply(new AlterSchema(history.current.epoch(), "scratch", null, dropped));
        history.apply(new TruncateTable(new TableId("shop", "orders"), 1_750_000_001_000_000L));
        history.apply(new ChangeRole(ChangeRole.Op.CREATE, new RoleRecord("cairn", true, true,
                "$2a$10$abcdefghijklmnopqrstuuJ6bCnl4q6ywKa8Zs1.PcrFHVZQN2m6W", new java.util.TreeSet<>())));
        history.apply(new ChangeRole(ChangeRole.Op.CREATE, new RoleRecord("reader", false, false, null,
                new java.util.TreeSet<>())));
        history.apply(new ChangeRole(ChangeRole.Op.CREATE, new RoleRecord("Alice Smith", false, true, null,
                new java.util.TreeSet<>(java.util.Set.of("reader")))));
        history.apply(new ChangeRole(ChangeRole.Op.ALTER, new RoleRecord("cairn", true, true,
                "$2a$10$bbcdefghijklmnopqrstuuJ6bCnl4q6ywKa8Zs1.PcrFHVZQN2m6W", new java.util.TreeSet<>())));
        history.apply(new ChangePermissions(true, "Alice Smith", "data/shop/orders",
                java.util.EnumSet.of(io.cairn.cql.ast.Permission.SELECT, io.cairn.cql.ast.Permission.MODIFY)));
        history.apply(new ChangePermissions(true, "reader", "roles/Alice Smith",
                java.util.EnumSet.of(io.cairn.cql.ast.Permission.DESCRIBE)));
        history.apply(new ChangePermissions(false, "Alice Smith", "data/shop/orders",
                java.util.EnumSet.of(io.cairn.cql.ast.Permission.MODIFY)));
        history.apply(new ChangeRole(ChangeRole.Op.DROP, new RoleRecord("reader", false, false, null,
                new java.util.TreeSet<>())));
        history.apply(new PrepareMove(id(2), tokens(2500, 9000)));
        history.advanceThroughEveryStep(2);
        history.apply(new RemoveMetadataReplica(id(1)));
        history.apply(new Register(node(5, address(1))));
        history.apply(new PrepareReplace(id(5), id(1)));
        history.advanceThroughEveryStep(5);
        history.apply(new Register(node(4)));
        history.joinThroughEveryStep(4, tokens(4000));
        history.apply(new PrepareLeave(id(4)));
        history.advanceThroughEveryStep(4);
        history.apply(new Register(node(6)));
        history.joinThroughEveryStep(6, tokens(6000, 6001));
        history.apply(new PrepareRemove(id(6)));
        history.advanceThroughEveryStep(6);
        return steps;
    }

    /** The entries of {@link #history()}. */
    public static List<LogEntry> entries() {
        return history().stream().map(Step::entry).toList();
    }

    private static final class History {
        private final List<Step> steps;
        private ClusterMetadata current;

        History(List<Step> steps, ClusterMetadata start) {
            this.steps = steps;
            this.current = start;
        }

        void apply(Transformation transformation) {
            ClusterMetadata next = MetadataFixtures.apply(current, transformation);
            // Entry ids are random in the log; here they are fixed, and some use the whole range.
            long entryId = next.epoch().value() * 0x9E3779B97F4A7C15L;
            steps.add(new Step(new LogEntry(next.epoch(), entryId, transformation), next));
            current = next;
        }

        void joinThroughEveryStep(int node, java.util.SortedSet<Long> owned) {
            apply(new PrepareJoin(id(node), owned));
            advanceThroughEveryStep(node);
        }

        void advanceThroughEveryStep(int node) {
            for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
                apply(new AdvanceMovement(id(node), to));
            }
        }
    }
}
