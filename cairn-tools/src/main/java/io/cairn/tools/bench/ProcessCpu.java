package io.cairn.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CPU time (user + system) that processes have used, from Linux's /proc/PID/stat. */
final class ProcessCpu {

    /** Linux reports these times in clock ticks of 1/100 s on every architecture it runs on here. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {
    }

    /** Each process's CPU time so far in nanoseconds (0 for a process that is gone or unreadable). */
    static long[] nanos(List<Long> pids) {
        long[] result = new long[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            result[i] = nanos(pids.get(i));
        }
        return result;
    }

    static long nanos(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime (fields 14 and 15) of a stat line; the command name may contain spaces and parentheses. */
    static long parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }
}
