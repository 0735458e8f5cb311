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
    /**
     * The bytes past which an answer or push takes no more entries (it always takes one): a
     * page of schema changes of big keyspaces stays far below the internode frame limit.
     */
    static final int MAX_PAGE_BYTES = 4 << 20;
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

    /** An EPOCH_AWAIT request, or its answer: one epoch. */
    static byte[] epoch(Epoch epoch) {
        return new ByteWriter(9).writeByte(VERSION).writeLong(epoch.value()).toByteArray();
    }

    static Epoch readEpoch(byte[] payload) {
        ByteReader in = new ByteReader(payload, "EPOCH_AWAIT");
        in.readVersion(VERSION);
        long epoch = in.readLong();
        in.expectEnd();
        if (epoch < 0) {
            throw in.malformed("epoch " + epoch);
        }
        return Epoch.of(epoch);
    }

    /**
     * The pages that carry {@code entries} in order: each at most {@link #MAX_ENTRIES} entries
     * and, past its first entry, {@link #MAX_PAGE_BYTES} bytes.
     */
    static List<byte[]> pages(List<LogEntry> entries) {
        return pages(entries, MAX_ENTRIES, MAX_PAGE_BYTES);
    }

    static List<byte[]> pages(List<LogEntry> entries, int maxEntries, int maxBytes) {
        List<byte[]> pages = new ArrayList<>();
        List<byte[]> page = new ArrayList<>();
        int pageBytes = 0;
        for (LogEntry entry : entries) {
            ByteWriter one = new ByteWriter(256);
            MetadataSerializers.write(one, entry);
            byte[] encoded = one.toByteArray();
            if (!page.isEmpty() && (page.size() == maxEntries || pageBytes + encoded.length > maxBytes)) {
                pages.add(page(page));
                page.clear();
                pageBytes = 0;
            }
            page.add(encoded);
            pageBytes += encoded.length;
        }
        if (!page.isEmpty() || pages.isEmpty()) {
            pages.add(page(page));
        }
        return pages;
    }

    private static byte[] page(List<byte[]> encoded) {
        ByteWriter out = new ByteWriter(256).writeByte(VERSION).writeInt(encoded.size());
        encoded.forEach(out::writeRaw);
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
