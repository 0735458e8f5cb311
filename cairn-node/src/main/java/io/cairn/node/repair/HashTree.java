package io.cairn.node.repair;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A hash tree (Merkle tree) of one replica's data of a table in a token range. The range is cut
 * into {@link #leaves()} sub-ranges of equal token width; a leaf's hash is the XOR of the
 * SHA-256 (its first 128 bits) of each partition in it, as stored (its whole state, tombstones
 * included, as {@code StorageEngine.export} gives it), so it does not depend on the order in
 * which partitions are added. An inner node's hash combines its two children's, so two trees
 * that agree on a subtree's root agree on all of it and are compared top down
 * ({@link #differences}).
 *
 * <p>Two replicas that applied the same writes hold the same state (a write carries its
 * timestamps and deletion times from the coordinator), so their trees are equal; where they
 * differ, the differing leaves' sub-ranges are all that repair streams.
 */
public final class HashTree {

    /** The most leaves a tree has: 2^14 leaves of 16 bytes are a 256 KiB message. */
    public static final int MAX_LEAVES = 1 << 14;

    /**
     * The fewest leaves {@link #leavesFor} gives (a 4 KiB tree): the coordinator's estimate may
     * be of a replica that lost its data, and a tree too coarse for the others' would stream
     * nearly all of theirs.
     */
    public static final int MIN_LEAVES = 256;

    /** Bytes of one hash. */
    static final int HASH_BYTES = 16;

    private static final int VERSION = 2;

    private final TokenRange range;
    /** Every node of the tree, heap-ordered: node 1 is the root, node i's children are 2i and 2i+1; 2 longs each. */
    private final long[] nodes;
    private final int leaves;
    private final long partitions;
    private final long bytes;

    private HashTree(TokenRange range, long[] leafHashes, long partitions, long bytes) {
        this.range = range;
        this.leaves = leafHashes.length / 2;
        this.partitions = partitions;
        this.bytes = bytes;
        this.nodes = new long[4 * leaves];
        System.arraycopy(leafHashes, 0, nodes, 2 * leaves, leafHashes.length);
        // An inner node hashes its two children's hashes (32 bytes); one digest serves them all.
        MessageDigest digest = sha256();
        ByteBuffer children = ByteBuffer.allocate(32);
        for (int node = leaves - 1; node >= 1; node--) {
            children.clear();
            children.putLong(nodes[4 * node]).putLong(nodes[4 * node + 1]).putLong(nodes[4 * node + 2])
                    .putLong(nodes[4 * node + 3]);
            ByteBuffer hash = ByteBuffer.wrap(digest.digest(children.array()));
            nodes[2 * node] = hash.getLong();
            nodes[2 * node + 1] = hash.getLong();
        }
    }

    /** A builder of the tree of {@code range} with {@code leaves} leaves (a power of two, at most {@link #MAX_LEAVES}). */
    public static Builder builder(TokenRange range, int leaves) {
        return new Builder(range, leaves);
    }

    /**
     * The leaves a tree of a range holding about {@code partitions} partitions gets: twice as many
     * (so that most leaves hold at most one partition, and a difference streams little more than
     * itself), at least {@link #MIN_LEAVES} and at most {@link #MAX_LEAVES}.
     */
    public static int leavesFor(long partitions) {
        long wanted = Math.max(MIN_LEAVES, Math.min(MAX_LEAVES, partitions) * 2);
        int leaves = 1;
        while (leaves < MAX_LEAVES && leaves < wanted) {
            leaves <<= 1;
        }
        return leaves;
    }

    public TokenRange range() {
        return range;
    }

    public int leaves() {
        return leaves;
    }

    /** How many partitions were hashed. */
    public long partitions() {
        return partitions;
    }

    /** How many bytes of partitions (as stored) were hashed. */
    public long bytes() {
        return bytes;
    }

    /**
     * The sub-ranges where this tree and {@code other} (of the same range and leaves) differ, in
     * token order, adjacent differing leaves joined into one range.
     */
    public List<TokenRange> differences(HashTree other) {
        return ranges(differingLeaves(other));
    }

    /** The leaves where this tree and {@code other} (of the same range and leaves) differ. */
    public BitSet differingLeaves(HashTree other) {
        if (!range.equals(other.range) || leaves != other.leaves) {
            throw new IllegalArgumentException("Trees of " + range + " (" + leaves + " leaves) and " + other.range
                    + " (" + other.leaves + " leaves) cannot be compared");
        }
        BitSet differing = new BitSet(leaves);
        collect(other, 1, differing);
        return differing;
    }

    /** The leaves among {@code within} where this tree and {@code other} (of the same range and leaves) differ. */
    public BitSet differingLeaves(HashTree other, BitSet within) {
        BitSet all = differingLeaves(other);
        all.and(within);
        return all;
    }

    /** The sub-ranges of {@code leaves} (of this tree's), in token order, runs of adjacent leaves joined. */
    public List<TokenRange> ranges(BitSet leafSet) {
        List<TokenRange> ranges = new ArrayList<>();
        int first = leafSet.nextSetBit(0);
        while (first >= 0 && first < leaves) {
            int last = Math.min(leaves, leafSet.nextClearBit(first)) - 1;
            ranges.add(span(first, last));
            first = leafSet.nextSetBit(last + 1);
        }
        return ranges;
    }

    private void collect(HashTree other, int node, BitSet differing) {
        if (nodes[2 * node] == other.nodes[2 * node] && nodes[2 * node + 1] == other.nodes[2 * node + 1]) {
            return;
        }
        if (node >= leaves) {
            differing.set(node - leaves);
            return;
        }
        collect(other, 2 * node, differing);
        collect(other, 2 * node + 1, differing);
    }

    /** The tokens of leaves {@code first} to {@code last}, both included. */
    TokenRange span(int first, int last) {
        TokenRange from = leafRange(range, leaves, first);
        TokenRange to = leafRange(range, leaves, last);
        return new TokenRange(from.start(), from.startInclusive(), to.end(), to.endInclusive());
    }

    /**
     * The token width of each leaf of {@code range} cut into {@code leaves} (the last may be
     * narrower), unsigned; 0 stands for 2^64, the width of the whole ring in one leaf.
     */
    private static long leafWidth(TokenRange range, int leaves) {
        long span = range.end() - range.start(); // unsigned: at most 2^64 - 1
        return Long.divideUnsigned(span, leaves) + 1;
    }

    /** The leaf of {@code range} cut into {@code leaves} that {@code token} (in the range) belongs to. */
    static int leafOf(TokenRange range, int leaves, long token) {
        if (!range.contains(token)) {
            throw new IllegalArgumentException("Token " + token + " is not in " + range);
        }
        long width = leafWidth(range, leaves);
        return width == 0 ? 0 : (int) Long.divideUnsigned(token - range.start(), width);
    }

    /** The tokens of leaf {@code leaf} of {@code range} cut into {@code leaves}. */
    static TokenRange leafRange(TokenRange range, int leaves, int leaf) {
        if (leaves == 1) {
            return range;
        }
        long width = leafWidth(range, leaves);
        long start = range.start() + width * leaf;
        boolean last = leaf == leaves - 1
                || Long.compareUnsigned(width * (leaf + 1), range.end() - range.start()) > 0;
        long end = last ? range.end() : start + width - 1;
        boolean startInclusive = leaf == 0 ? range.startInclusive() : true;
        boolean endInclusive = last ? range.endInclusive() : true;
        if (Long.compareUnsigned(width * leaf, range.end() - range.start()) > 0) {
            // Past the range's end (more leaves than tokens): an empty leaf, at the range's end.
            return new TokenRange(range.end(), false, range.end(), false);
        }
        return new TokenRange(start, startInclusive, end, endInclusive);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** {@code [version][range][leaves][partitions][bytes][leaf hashes]}. */
    public byte[] serialize() {
        ByteWriter out = new ByteWriter(32 + leaves * HASH_BYTES).writeByte(VERSION);
        writeRange(out, range);
        out.writeInt(leaves).writeLong(partitions).writeLong(bytes);
        for (int i = 2 * leaves; i < 4 * leaves; i++) {
            out.writeLong(nodes[i]);
        }
        return out.toByteArray();
    }

    /** A tree as {@link #serialize} wrote it; malformed input fails with a MalformedMessageException. */
    public static HashTree deserialize(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "hash tree");
        in.readVersion(VERSION);
        TokenRange range = readRange(in);
        int leaves = in.readInt();
        long partitions = in.readLong();
        long hashedBytes = in.readLong();
        if (leaves < 1 || leaves > MAX_LEAVES || Integer.bitCount(leaves) != 1 || partitions < 0 || hashedBytes < 0) {
            throw in.malformed(leaves + " leaves, " + partitions + " partitions, " + hashedBytes + " bytes");
        }
        if (in.remaining() != leaves * HASH_BYTES) {
            throw in.malformed(in.remaining() + " bytes of hashes for " + leaves + " leaves");
        }
        long[] hashes = new long[2 * leaves];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = in.readLong();
        }
        in.expectEnd();
        return new HashTree(range, hashes, partitions, hashedBytes);
    }

    static void writeRange(ByteWriter out, TokenRange range) {
        out.writeLong(range.start()).writeBoolean(range.startInclusive())
                .writeLong(range.end()).writeBoolean(range.endInclusive());
    }

    static TokenRange readRange(ByteReader in) {
        long start = in.readLong();
        boolean startInclusive = in.readBoolean();
        long end = in.readLong();
        boolean endInclusive = in.readBoolean();
        if (start > end) {
            throw in.malformed("token range (" + start + ", " + end + ") wraps");
        }
        return new TokenRange(start, startInclusive, end, endInclusive);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HashTree tree && range.equals(tree.range) && leaves == tree.leaves
                && nodes[2] == tree.nodes[2] && nodes[3] == tree.nodes[3];
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nodes[2]) * 31 + range.hashCode();
    }

    @Override
    public String toString() {
        return "HashTree" + range + " of " + leaves + " leaves, " + partitions + " partitions, root "
                + Long.toHexString(nodes[2]) + Long.toHexString(nodes[3]);
    }

    /** Adds partitions, in any order, and builds the tree. */
    public static final class Builder {

        private final TokenRange range;
        private final long[] hashes;
        private final MessageDigest digest = sha256();
        private long partitions;
        private long bytes;
        private boolean built;

        private Builder(TokenRange range, int leaves) {
            if (leaves < 1 || leaves > MAX_LEAVES || Integer.bitCount(leaves) != 1) {
                throw new IllegalArgumentException("A tree has a power of two of leaves, 1 to " + MAX_LEAVES
                        + ", not " + leaves);
            }
            this.range = range;
            this.hashes = new long[2 * leaves];
        }

        /** Hashes a partition as stored (its token must be in the tree's range). */
        public Builder add(PartitionUpdate partition) {
            if (built) {
                throw new IllegalStateException("The tree is built");
            }
            int leaf = leafOf(range, hashes.length / 2, partition.key().token());
            byte[] stored = StorageSerializers.serialize(partition);
            bytes += stored.length;
            ByteBuffer hash = ByteBuffer.wrap(digest.digest(stored));
            hashes[2 * leaf] ^= hash.getLong();
            hashes[2 * leaf + 1] ^= hash.getLong();
            partitions++;
            return this;
        }

        public HashTree build() {
            built = true;
            return new HashTree(range, Arrays.copyOf(hashes, hashes.length), partitions, bytes);
        }
    }
}
