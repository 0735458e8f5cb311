/**
 * Time and timers as components receive them: {@link io.cairn.common.time.Clock} for "now" and
 * {@link io.cairn.common.time.Scheduler} for "later", both injected through constructors so that
 * the simulator can run whole nodes on virtual time. {@link io.cairn.common.time.SystemClock} and
 * {@link io.cairn.common.time.ExecutorScheduler} (one timer thread) are the production ones and
 * the only code here allowed to touch real time and threads;
 * {@link io.cairn.common.time.ManualClock} and {@link io.cairn.common.time.VirtualScheduler} are
 * for tests and the simulator. {@link io.cairn.common.time.TimeUuids} makes time-based UUIDs from
 * an injected clock reading and random source.
 *
 * <p>Depends only on {@code io.cairn.common}; must not depend on any other module.
 */
package io.cairn.common.time;
