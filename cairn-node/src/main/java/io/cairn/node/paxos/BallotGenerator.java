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
 * node has heard of (its proposal's timestamps then win over everything it read). Kept in
 * memory only: what a restart with the clock set back risks, and what the acceptors do about
 * it, is in the package's documentation.
 *
 * <p>Thread-safe. Not final: the simulator plants a generator that reads the clock alone (see
 * {@code NodeDependencies.ballotGeneratorOverride}) to show that its checker catches it.
 */
public class BallotGenerator {

    /** Node ids of addresses that are not IPv4 literals: hashed, with this bit set so they never equal an IPv4 id. */
    private static final long HASHED_ID_BIT = 1L << 62;

    private final Clock clock;
    private final long nodeId;
    private long lastMicros = Long.MIN_VALUE;
    private long highestSeenMicros = Long.MIN_VALUE;

    public BallotGenerator(Clock clock, long nodeId) {
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** A ballot higher than every ballot issued or observed here. */
    public synchronized Ballot next() {
        long micros = Math.max(clock.currentTimeMicros(), Math.max(lastMicros + 1, highestSeenMicros + 1));
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
