package io.cairn.cluster.messaging;

/** Handles incoming requests and one-way messages of a verb (responses go to their callbacks). */
@FunctionalInterface
public interface MessageHandler {

    void handle(Message message);
}
