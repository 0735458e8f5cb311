package io.cairn.storage.rocksdb;

import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.storage.Cell;
import io.cairn.storage.CommitLogSync;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.conformance.Keys;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link CommitLogDurabilityTest}: writes rows as fast as it can and
 * prints "ACK n" on standard output after the engine acknowledged write n, until it is killed.
 */
public final class AcknowledgingWriter {

    static final TableId TABLE = new TableId("durability", "writes");

    private AcknowledgingWriter() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        CommitLogSync sync = CommitLogSync.valueOf(args[1]);
        int count = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (ExecutorScheduler scheduler = new ExecutorScheduler("writer", Throwable::printStackTrace)) {
            StorageEngine engine = RocksDbStorage.open(RocksDbConfig.defaults(directory).withCommitLogSync(sync),
                    new SystemClock(), scheduler);
            engine.createTable(TABLE, TableOptions.DEFAULTS);
            out.println("READY");
            out.flush();
            for (int i = 0; i < count; i++) {
                engine.apply(TABLE, row(i));
                out.println("ACK " + i);
                out.flush();
            }
            engine.close();
        }
    }

    static PartitionUpdate row(int i) {
        return PartitionUpdate.builder(Keys.partition(i * 7919L, "key" + i))
                .row(Row.builder(Keys.clustering(i)).liveness(Liveness.of(i + 1L))
                        .cell(Cell.live("value", Keys.bytes("value " + i), i + 1L)).build())
                .build();
    }
}
