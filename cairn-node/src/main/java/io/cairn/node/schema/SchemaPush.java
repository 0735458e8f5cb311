package io.cairn.node.schema;

import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.SchemaPushMessage;
import io.cairn.node.messages.TableMutation;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.node.schema.SchemaManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Spreads schema changes: a DDL statement executed here pushes the schema rows it wrote to
 * every other live node, which applies them and reloads (rows carry timestamps, so pushes
 * converge in any order). {@link #pushAllTo} brings a node that was away up to date.
 */
public final class SchemaPush {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaPush.class);

    private final SchemaManager schema;
    private final MessagingService messaging;
    private final Supplier<Collection<NodeAddress>> livePeers;

    public SchemaPush(SchemaManager schema, MessagingService messaging, Supplier<Collection<NodeAddress>> livePeers) {
        this.schema = schema;
        this.messaging = messaging;
        this.livePeers = livePeers;
    }

    /**
     * Handles SCHEMA_PUSH from peers, each on {@code where} (the node's replica stage: applying
     * a schema writes storage), and pushes this node's local schema changes to its live peers.
     */
    public void register(java.util.function.UnaryOperator<io.cairn.cluster.messaging.MessageHandler> where) {
        messaging.registerHandler(Verb.SCHEMA_PUSH, where.apply(this::onPush));
        schema.addLocalChangeListener(mutations -> {
            byte[] payload = encode(mutations);
            for (NodeAddress peer : livePeers.get()) {
                if (!peer.equals(messaging.localAddress())) {
                    messaging.sendOneWay(peer, Verb.SCHEMA_PUSH, payload);
                }
            }
        });
    }

    /** Sends every user keyspace's schema to {@code peer}. */
    public void pushAllTo(NodeAddress peer) {
        List<SchemaManager.SchemaMutation> mutations = new ArrayList<>();
        for (String keyspace : schema.current().keyspaces().keySet()) {
            if (!io.cairn.node.schema.SystemKeyspaces.isSystem(keyspace)) {
                mutations.addAll(schema.mutationsFor(keyspace));
            }
        }
        if (!mutations.isEmpty()) {
            messaging.sendOneWay(peer, Verb.SCHEMA_PUSH, encode(mutations));
        }
    }

    private void onPush(Message message) {
        SchemaPushMessage push;
        try {
            push = SchemaPushMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed schema push from {}: {}", message.from(), e.getMessage());
            return;
        }
        try {
            List<SchemaManager.SchemaMutation> mutations = new ArrayList<>();
            for (TableMutation mutation : push.mutations()) {
                mutations.add(new SchemaManager.SchemaMutation(mutation.table(), mutation.update()));
            }
            schema.applyMutations(mutations);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring a schema push from {}: {}", message.from(), e.getMessage());
        }
    }

    static byte[] encode(List<SchemaManager.SchemaMutation> mutations) {
        List<TableMutation> pushed = new ArrayList<>(mutations.size());
        for (SchemaManager.SchemaMutation mutation : mutations) {
            pushed.add(new TableMutation(mutation.table(), mutation.update()));
        }
        return new SchemaPushMessage(pushed).serialize();
    }
}
