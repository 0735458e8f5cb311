package io.cairn.storage.rocksdb;

import io.cairn.storage.kv.KvCursor;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A {@link KvCursor} over a RocksDB iterator. Keys and values cross JNI once per position; an
 * iterator error (a checksum mismatch, say) surfaces as a storage exception naming the table.
 */
final class RocksCursor implements KvCursor {

    private final RocksIterator iterator;
    private final String columnFamily;
    private byte[] key;
    private byte[] value;

    RocksCursor(RocksIterator iterator, String columnFamily) {
        this.iterator = iterator;
        this.columnFamily = columnFamily;
    }

    @Override
    public void seek(byte[] target) {
        moved();
        iterator.seek(target);
    }

    @Override
    public void seekForPrev(byte[] target) {
        moved();
        iterator.seekForPrev(target);
    }

    @Override
    public boolean isValid() {
        if (iterator.isValid()) {
            return true;
        }
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw RocksDbKvStore.failure(columnFamily, "read", e);
        }
        return false;
    }

    @Override
    public byte[] key() {
        if (key == null) {
            key = iterator.key();
        }
        return key;
    }

    @Override
    public byte[] value() {
        if (value == null) {
            value = iterator.value();
        }
        return value;
    }

    @Override
    public void next() {
        moved();
        iterator.next();
    }

    @Override
    public void prev() {
        moved();
        iterator.prev();
    }

    private void moved() {
        key = null;
        value = null;
    }
}
