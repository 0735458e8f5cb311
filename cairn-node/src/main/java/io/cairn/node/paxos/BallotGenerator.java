package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.token.Murmur3Partitioner;
import io.cairn.node.messages.Ballot;

import java.nio.charset.StandardCharsets;

/**
 * Issues this node's ballots: each one's time is the highest of the clock, the last ballot
 * issued plus one and the highest ballot seen in any answer plus one, so ballots strictly
 * increase even when the clock steps back, and a new ballot's time is past every ballot this
 * node has heard of (its proposal's timestamps then win over everything it read).
 *
 * <p>Across restarts: before issuing a ballot past its high mark, the generator persists a new
 * mark {@link #RESERVE_AHEAD_MICROS} beyond it (one synced write per second of ballots, not one
 * per ballot), and a generator opened on a stored mark issues only ballots above it. A node
 * restarted with its clock set back so never repeats a ballot it issued before.
 *
 * <p>Thread-safe: a mark is persisted under the generator's lock, so no ballot past it is
 * issued before it is durable. Not final: the simulator plants a generator that reads the clock
 * alone (see {@code NodeDependencies.ballotGeneratorOverride}) to show that its checker
 * catches it.
 */
public class BallotGenerator {

    /** How far past the ballot that needs it a new high mark is persisted: one second of ballots. */
    public static final long RESERVE_AHEAD_MICROS = 1_000_000;

    /** Node ids of addresses that are not IPv4 literals: hashed, with this bit set so they never equal an IPv4 id. */
    private static final long HASHED_ID_BIT = 1L << 62;

    /** Where a generator keeps its high mark across restarts. */
    public interface HighMarkStore {

        /** The mark persisted last, or {@code Long.MIN_VALUE} when none was. */
        long read();

        /** Makes {@code markMicros} the mark, durably (synced) before returning; a lower mark never replaces a higher one. */
        void persist(long markMicros);
    }

    /** A store that forgets its mark with the generator: for tests and for generators that are not the node's. */
    public static HighMarkStore unpersisted() {
        return new HighMarkStore() {
            private long mark = Long.MIN_VALUE;

            @Override
            public synchronized long read() {
                return mark;
            }

            @Override
            public synchronized void persist(long markMicros) {
                mark = Math.max(mark, markMicros);
            }
        };
    }

    private final Clock clock;
    private final long nodeId;
    private final HighMarkStore marks;
    private long lastMicros;
    private long highestSeenMicros = Long.MIN_VALUE;
    /** Ballots up to this time may be issued without persisting a mark first. */
    private long reservedMicros;

    /** A generator that issues only ballots above the mark {@code marks} holds, and keeps it ahead of them. */
    public BallotGenerator(Clock clock, long nodeId, HighMarkStore marks) {
        this.clock = clock;
        this.nodeId = nodeId;
        this.marks = marks;
        this.reservedMicros = marks.read();
        this.lastMicros = reservedMicros;
    }

    /**
     * A ballot higher than every ballot issued or observed here, and than every ballot issued
     * before the stored mark was read. Fails (leaving the generator as it was) when a mark that
     * it needs cannot be persisted.
     */
    public synchronized Ballot next() {
        long micros = Math.max(clock.currentTimeMicros(), Math.max(lastMicros + 1, highestSeenMicros + 1));
        if (micros > reservedMicros) {
            long mark = micros > Long.MAX_VALUE - RESERVE_AHEAD_MICROS ? Long.MAX_VALUE : micros + RESERVE_AHEAD_MICROS;
            marks.persist(mark);
            reservedMicros = mark;
        }
        lastMicros = micros;
        return new Ballot(micros, nodeId);
    }

    /** Remembers a ballot seen in an answer (null: none), so that the next one issued is past it. */
    public synchronized void observe(Ballot seen) {
        if (seen != null && seen.micros() > highestSeenMicros) {
            highestSeenMicros = seen.micros();
        }
    }

    public long nodeId() {
        return nodeId;
    }

    protected Clock clock() {
        return clock;
    }

    /**
     * A node's ballot id from its internode address, unique per address: an IPv4 literal and
     * port make it exactly (48 bits); any other host is hashed with the port.
     */
    public static long nodeIdOf(NodeAddress address) {
        long ipv4 = ipv4(address.host());
        if (ipv4 >= 0) {
            return (ipv4 << 16) | address.port();
        }
        byte[] bytes = address.toString().getBytes(StandardCharsets.UTF_8);
        return (Murmur3Partitioner.hash64(bytes, 0, bytes.length) & (HASHED_ID_BIT - 1)) | HASHED_ID_BIT;
    }

    /** The address as a 32-bit number, or -1 when the host is not a dotted IPv4 literal. */
    private static long ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
