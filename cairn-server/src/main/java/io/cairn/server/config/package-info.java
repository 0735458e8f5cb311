/**
 * A node's configuration: {@link io.cairn.server.config.NodeConfig} and the YAML
 * {@link io.cairn.server.config.ConfigLoader}, which refuses unknown keys and bad values with a
 * message naming them ({@code conf/cairn.yaml} documents every setting).
 *
 * <p>Must not depend on the transport, the query adapter or cairn-node: it only describes settings.
 */
package io.cairn.server.config;
