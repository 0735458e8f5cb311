/**
 * What TLS is set up from: {@link io.cairn.common.security.KeyStores} reads key and trust stores,
 * for the native transport's TLS and for internode TLS alike.
 */
package io.cairn.common.security;
