package io.cairn.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.config.NodeConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code cairn admin} actions as an operator would, for process tests, and reads their JSON answers. */
final class AdminCalls {

    private AdminCalls() {
    }

    /**
     * Runs {@code cairn admin ACTION [ARGUMENT] --json} against node {@code index}'s admin
     * endpoint (127.0.0.N, the default admin port) and returns its answer; it must succeed.
     */
    static JsonNode json(int index, String action, String argument) throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int code;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            code = AdminEndpoint.run("127.0.0." + index + ":" + NodeConfig.DEFAULT_ADMIN_PORT, action, argument, true);
        } finally {
            System.setOut(console);
        }
        String answer = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(answer).isZero();
        return new ObjectMapper().readTree(answer.substring(answer.indexOf('{')));
    }
}
