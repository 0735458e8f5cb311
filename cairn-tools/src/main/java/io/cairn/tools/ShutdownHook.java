package io.cairn.tools;

import io.cairn.common.SuppressForbidden;

/** Runs an action when the JVM is asked to stop (SIGTERM, ctrl-C). */
@SuppressForbidden(reason = "a shutdown hook is a thread by the JVM's contract")
final class ShutdownHook {

    private ShutdownHook() {
    }

    static void register(Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(action, "cairn-shutdown"));
    }
}
