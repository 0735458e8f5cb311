/**
 * Cairn's most basic vocabulary, shared by every module: {@link io.cairn.common.SuppressForbidden},
 * the mark on the few places that may use what the build otherwise forbids (the system clock,
 * threads, unseeded randomness).
 *
 * <p>Its sub-packages are time and scheduling ({@code time}), order-preserving key encodings
 * ({@code encoding}), the partitioner ({@code token}), the byte writer and reader of internode
 * messages ({@code wire}), stage helpers ({@code concurrent}) and the reading of TLS key stores
 * ({@code security}). Nothing in cairn-common depends
 * on another Cairn module; this package depends on nothing at all.
 */
package io.cairn.common;
