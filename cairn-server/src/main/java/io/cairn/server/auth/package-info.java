/**
 * How clients log in: {@link io.cairn.server.auth.PasswordLogins} checks the SASL PLAIN
 * credentials of the native protocol's AUTH_RESPONSE against the cluster's roles.
 */
package io.cairn.server.auth;
