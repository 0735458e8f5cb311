/**
 * Helpers for code that composes stages instead of waiting for them:
 * {@link io.cairn.common.concurrent.AsyncLoop} runs loops whose iterations return stages (the
 * query layer's chunks, pages, partitions and batch statements) without blocking a thread and
 * without growing the stack, and {@link io.cairn.common.concurrent.Futures#allOf} gathers the
 * results of several futures in order (a read repair's raw reads). Nothing here waits on a
 * thread or starts one.
 *
 * <p>Must not depend on any other Cairn package, or on anything outside the JDK.
 */
package io.cairn.common.concurrent;
