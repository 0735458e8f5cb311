package io.cairn.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin endpoint answers requests addressed to an IP address or localhost, not to other names. */
class AdminServerHostTest {

    @Test
    void ipAddressesAndLocalhostAreAnsweredOtherNamesNot() {
        for (String allowed : new String[] {"127.0.0.1", "127.0.0.2:9180", "localhost", "LOCALHOST:9180", "[::1]",
                "[::1]:9180", "10.0.0.7:80"}) {
            assertThat(AdminServer.isIpOrLocalhost(allowed)).as(allowed).isTrue();
        }
        for (String refused : new String[] {"attacker.example", "attacker.example:9180", "localhost.attacker.example",
                "127.0.0.1.attacker.example", "", "127.0.0.1:", "::1"}) {
            assertThat(AdminServer.isIpOrLocalhost(refused)).as(refused).isFalse();
        }
    }
}
