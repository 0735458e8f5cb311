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

    @Test
    void aNodeBeyondLoopbackWhosePeersDoNotAuthenticateDoesNotStart() {
        assertThat(ServerEncryption.NONE.refusal("10.0.0.5", true)).contains("10.0.0.5")
                .contains("internode_secret").contains("server_encryption_options")
                .contains("authentication_required_beyond_loopback: false");
        assertThat(ServerEncryption.NONE.refusal("127.0.0.2", true)).as("loopback").isNull();
        assertThat(ServerEncryption.NONE.refusal("10.0.0.5", false)).as("said explicitly").isNull();
        assertThat(ServerEncryption.NONE.withSecret("sixteen-chars-ok").refusal("10.0.0.5", true)).isNull();
        assertThat(ServerEncryption.all(Path.of("k.p12"), "pw", Path.of("t.p12"), "pw").refusal("10.0.0.5", true))
                .isNull();
        assertThatThrownBy(() -> ServerEncryption.NONE.withSecret("short")).hasMessageContaining("16 characters");
        assertThat(ServerEncryption.NONE.withSecret("sixteen-chars-ok").toString()).doesNotContain("sixteen");
    }

    @Test
    void theSecuritySettingsTakeCassandrasNamesAndRefuseWhatCannotWork(@org.junit.jupiter.api.io.TempDir Path home) {
        NodeConfig config = ConfigLoader.parse("""
                authenticator: PasswordAuthenticator
                internode_secret: a-secret-of-the-cluster
                client_encryption_options:
                  enabled: true
                  optional: true
                  keystore: conf/node.p12
                  keystore_password: pw
                server_encryption_options:
                  internode_encryption: all
                  keystore: conf/node.p12
                  keystore_password: pw
                  truststore: conf/trust.p12
                  truststore_password: pw
                """, "test.yaml", home);
        assertThat(config.clientSecurity().authorizer()).as("the default with PasswordAuthenticator")
                .isEqualTo(ClientSecurity.Authorizer.CASSANDRA);
        assertThat(config.clientSecurity().encryption().keystore()).isEqualTo(home.resolve("conf/node.p12"));
        assertThat(config.clientSecurity().encryption().optional()).isTrue();
        assertThat(config.serverEncryption().enabled()).isTrue();
        assertThat(config.serverEncryption().secret()).isEqualTo("a-secret-of-the-cluster");
        assertThat(ConfigLoader.parse("authorizer: AllowAllAuthorizer\nauthenticator: PasswordAuthenticator", "t",
                home).clientSecurity().authorizes()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse("authorizer: CassandraAuthorizer", "test.yaml", home))
                .as("permissions need roles").hasMessageContaining("needs authenticator: PasswordAuthenticator");
        assertThatThrownBy(() -> ConfigLoader.parse("server_encryption_options: {internode_encryption: dc}", "t",
                home)).hasMessageContaining("none or all");
        assertThatThrownBy(() -> ConfigLoader.parse("server_encryption_options: {internode_encryption: all, "
                + "keystore: k, keystore_password: p, truststore: t, truststore_password: p, require_client_auth: "
                + "false}", "t", home)).hasMessageContaining("require_client_auth cannot be false");
        assertThatThrownBy(() -> ConfigLoader.parse("client_encryption_options: {enabled: true}", "t", home))
                .hasMessageContaining("needs a keystore");
        assertThatThrownBy(() -> ConfigLoader.parse("client_encryption_options: {enabled: true, cipher_suites: x}",
                "t", home)).hasMessageContaining("client_encryption_options.cipher_suites");
        assertThatThrownBy(() -> ConfigLoader.parse("internode_secret: short", "t", home))
                .hasMessageContaining("16 characters");
    }
}
