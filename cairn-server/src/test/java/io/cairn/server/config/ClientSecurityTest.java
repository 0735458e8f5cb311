package io.cairn.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node reachable beyond loopback must authenticate its clients unless its operator says
 * otherwise: the check's logic (this machine's tests run on loopback addresses only).
 */
class ClientSecurityTest {

    @Test
    void aNodeOnLoopbackMayRunWithoutAuthentication() {
        assertThat(ClientSecurity.DEFAULT.refusal("127.0.0.1", "127.0.0.2")).isNull();
        assertThat(ClientSecurity.DEFAULT.refusal("localhost", "::1")).isNull();
    }

    @Test
    void aNodeBeyondLoopbackWithoutAuthenticationRefusesToStartAndSaysWhatToSet() {
        assertThat(ClientSecurity.DEFAULT.refusal("10.0.0.5", "127.0.0.1"))
                .contains("10.0.0.5").contains("authenticator: PasswordAuthenticator")
                .contains("authentication_required_beyond_loopback: false");
        assertThat(ClientSecurity.DEFAULT.refusal("127.0.0.1", "192.168.1.20")).contains("192.168.1.20");
        assertThat(ClientSecurity.DEFAULT.refusal("0.0.0.0", "127.0.0.1")).as("every address").isNotNull();
    }

    @Test
    void authenticationOrAnExplicitSettingLetsItStart() {
        assertThat(new ClientSecurity(ClientSecurity.Authenticator.PASSWORD, true).refusal("10.0.0.5", "10.0.0.5"))
                .isNull();
        assertThat(new ClientSecurity(ClientSecurity.Authenticator.ALLOW_ALL, false).refusal("10.0.0.5", "10.0.0.5"))
                .isNull();
    }

    @Test
    void theSettingsTakeCassandrasNames(@org.junit.jupiter.api.io.TempDir Path home) {
        NodeConfig config = ConfigLoader.parse("""
                authenticator: PasswordAuthenticator
                authentication_required_beyond_loopback: false
                """, "test.yaml", home);
        assertThat(config.clientSecurity()).isEqualTo(new ClientSecurity(ClientSecurity.Authenticator.PASSWORD, false));
        assertThat(ConfigLoader.parse("authenticator: org.apache.cassandra.auth.AllowAllAuthenticator", "t", home)
                .clientSecurity().authenticator()).isEqualTo(ClientSecurity.Authenticator.ALLOW_ALL);
        assertThat(ConfigLoader.parse("", "t", home).clientSecurity()).isEqualTo(ClientSecurity.DEFAULT);
        assertThatThrownBy(() -> ConfigLoader.parse("authenticator: LdapAuthenticator", "test.yaml", home))
                .hasMessageContaining("test.yaml").hasMessageContaining("PasswordAuthenticator");
    }
}
