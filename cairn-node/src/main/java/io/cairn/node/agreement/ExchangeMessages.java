package io.cairn.node.agreement;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.MetadataSerializers;

import java.util.ArrayList;
import java.util.List;

/**
 * The payloads of METADATA_FETCH and METADATA_PUSH, versioned like every internode payload:
 * a fetch is {@code [version][long since][int max]}; its answer and a push are
 * {@code [version][int count][entries]}, entries in epoch order.
 */
final class ExchangeMessages {

    static final int VERSION = 1;
    /** The most entries one answer or push carries. */
    static final int MAX_ENTRIES = 1_000;
    /** The fewest bytes an encoded entry takes (epoch, id, kind): bounds a hostile count. */
    private static final int MIN_ENTRY_BYTES = 8 + 8 + 1;

    /** What a fetch asks: the entries after {@code since}, at most {@code max}. */
    record Fetch(Epoch since, int max) {
        Fetch {
            if (max < 1 || max > MAX_ENTRIES) {
                throw new IllegalArgumentException("A fetch asks for 1 to " + MAX_ENTRIES + " entries, not " + max);
            }
        }
    }

    private ExchangeMessages() {
    }

    static byte[] fetch(Fetch fetch) {
        return new ByteWriter(16).writeByte(VERSION).writeLong(fetch.since().value()).writeInt(fetch.max())
                .toByteArray();
    }

    static Fetch readFetch(byte[] payload) {
        ByteReader in = new ByteReader(payload, "METADATA_FETCH");
        in.readVersion(VERSION);
        long since = in.readLong();
        int max = in.readInt();
        in.expectEnd();
        if (since < 0 || max < 1 || max > MAX_ENTRIES) {
            throw in.malformed("a fetch of " + max + " entries after epoch " + since);
        }
        return new Fetch(Epoch.of(since), max);
    }

    static byte[] entries(List<LogEntry> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(entries.size() + " entries in one message; at most " + MAX_ENTRIES);
        }
        ByteWriter out = new ByteWriter(256).writeByte(VERSION).writeInt(entries.size());
        for (LogEntry entry : entries) {
            MetadataSerializers.write(out, entry);
        }
        return out.toByteArray();
    }

    static List<LogEntry> readEntries(byte[] payload, String what) {
        ByteReader in = new ByteReader(payload, what);
        in.readVersion(VERSION);
        int count = in.readCount(MIN_ENTRY_BYTES, MAX_ENTRIES);
        List<LogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(MetadataSerializers.readEntry(in));
        }
        in.expectEnd();
        return entries;
    }
}
