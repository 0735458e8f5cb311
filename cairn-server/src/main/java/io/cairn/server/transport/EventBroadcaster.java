package io.cairn.server.transport;

import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.netty.channel.ChannelHandlerContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Pushes server events (schema, topology, status changes) to the connections that registered for them. */
public final class EventBroadcaster {

    private final Map<ChannelHandlerContext, Connection> connections = new ConcurrentHashMap<>();

    void add(ChannelHandlerContext context, Connection connection) {
        connections.put(context, connection);
    }

    void remove(ChannelHandlerContext context) {
        connections.remove(context);
    }

    /** Sends {@code event} on stream -1 to every connection registered for its type. */
    public void broadcast(Response.Event event) {
        Request.EventType type = event instanceof Response.SchemaChangeEvent ? Request.EventType.SCHEMA_CHANGE
                : event instanceof Response.TopologyChange ? Request.EventType.TOPOLOGY_CHANGE
                : Request.EventType.STATUS_CHANGE;
        connections.forEach((context, connection) -> context.executor().execute(() -> {
            if (connection.isRegisteredFor(type)) {
                connection.respond(context, -1, event);
            }
        }));
    }
}
