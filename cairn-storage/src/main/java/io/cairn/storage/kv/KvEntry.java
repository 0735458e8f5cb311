package io.cairn.storage.kv;

/** A key and its value, as the ordered key-value store holds them. Arrays are not copied. */
public record KvEntry(byte[] key, byte[] value) {
}
