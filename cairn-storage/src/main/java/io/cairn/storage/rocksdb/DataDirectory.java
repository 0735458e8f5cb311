package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The storage format version of a data directory, kept in a small file beside RocksDB's so
 * that a Cairn never opens data written in a format it does not know.
 */
final class DataDirectory {

    /** The format this code writes and reads. Raise it when the key or value layout changes. */
    static final int FORMAT_VERSION = 1;
    static final String FORMAT_FILE = "cairn-storage-format";

    private DataDirectory() {
    }

    /** Checks an existing directory's format, or initialises a new directory with ours. */
    static void prepare(Path directory) {
        Path formatFile = directory.resolve(FORMAT_FILE);
        try {
            if (Files.exists(formatFile)) {
                checkVersion(directory, Files.readString(formatFile, StandardCharsets.UTF_8).trim());
                return;
            }
            if (Files.exists(directory.resolve("CURRENT"))) {
                throw new StorageException("Data directory " + directory
                        + " holds a RocksDB database without a Cairn format file; it was not written by Cairn");
            }
            Files.createDirectories(directory);
            Path temporary = directory.resolve(FORMAT_FILE + ".tmp");
            Files.writeString(temporary, FORMAT_VERSION + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, formatFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("Cannot prepare data directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void checkVersion(Path directory, String content) {
        int version;
        try {
            version = Integer.parseInt(content);
        } catch (NumberFormatException e) {
            throw new StorageException("Data directory " + directory + " has an unreadable format file (\""
                    + content + "\")");
        }
        if (version > FORMAT_VERSION) {
            throw new StorageException("Data directory " + directory + " was written in storage format version "
                    + version + ", newer than this Cairn's version " + FORMAT_VERSION
                    + "; run a newer Cairn on it");
        }
        if (version < 1) {
            throw new StorageException("Data directory " + directory + " has an invalid format version " + version);
        }
    }
}
