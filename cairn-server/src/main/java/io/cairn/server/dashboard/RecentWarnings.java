package io.cairn.server.dashboard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #capacity} WARN and ERROR events the process logged (but those marked
 * {@link #LOG_ONLY}), each message cut to
 * {@link #MAX_MESSAGE_CHARS}: a logback appender the process adds to the root logger
 * ({@link #attach}) and removes when it stops ({@link #close}). It sees every logger of the JVM:
 * nodes run in one JVM (tests) share what they log.
 */
public final class RecentWarnings extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** Events kept by default. */
    public static final int DEFAULT_CAPACITY = 100;

    /** The longest message kept (the exception's class and message included), in characters. */
    public static final int MAX_MESSAGE_CHARS = 1_000;

    /**
     * Marks an event that is for the log only, never for the dashboard (a generated password the
     * node prints once).
     */
    public static final org.slf4j.Marker LOG_ONLY = org.slf4j.MarkerFactory.getMarker("CAIRN_LOG_ONLY");

    /** A logged warning or error. */
    public record Warning(long timeMillis, String level, String logger, String thread, String message) {
    }

    private final int capacity;
    private final ArrayDeque<Warning> events;
    private LoggerContext attachedTo;

    public RecentWarnings(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Keeping warnings needs room for at least one, not " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
        setName("cairn-recent-warnings");
    }

    /**
     * Starts collecting what the process logs (when it logs through logback; otherwise this stays
     * empty) and returns itself.
     */
    public RecentWarnings attach() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setContext(context);
            start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this);
            synchronized (this) {
                attachedTo = context;
            }
        }
        return this;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Called under this appender's lock (AppenderBase.doAppend is synchronized).
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)
                || event.getMarkerList() != null && event.getMarkerList().contains(LOG_ONLY)) {
            return;
        }
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(new Warning(event.getTimeStamp(), event.getLevel().toString(), event.getLoggerName(),
                event.getThreadName(), message(event)));
    }

    private static String message(ILoggingEvent event) {
        StringBuilder message = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message.append(" (").append(thrown.getClassName());
            if (thrown.getMessage() != null) {
                message.append(": ").append(thrown.getMessage());
            }
            message.append(')');
        }
        return message.length() <= MAX_MESSAGE_CHARS ? message.toString()
                : message.substring(0, MAX_MESSAGE_CHARS - 1) + "\u2026";
    }

    /** The newest {@code count} events kept, newest first. */
    public synchronized List<Warning> newest(int count) {
        List<Warning> newest = new ArrayList<>(Math.min(Math.max(count, 0), events.size()));
        var descending = events.descendingIterator();
        while (descending.hasNext() && newest.size() < count) {
            newest.add(descending.next());
        }
        return newest;
    }

    /** Stops collecting: the appender leaves the root logger. */
    @Override
    public void close() {
        LoggerContext context;
        synchronized (this) {
            context = attachedTo;
            attachedTo = null;
        }
        if (context != null) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        }
        stop();
    }
}
