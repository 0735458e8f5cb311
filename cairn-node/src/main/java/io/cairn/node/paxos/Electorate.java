package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.node.ring.Topology;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who decides a partition's transactions and how many must agree. The electorate is the
 * natural replicas and the pending (joining) ones, of the local data center only for
 * LOCAL_SERIAL; {@code required} is a quorum of the natural ones (of the replication factor
 * when it exceeds them) plus every pending one, so that a quorum before a join and one after
 * it always share a member. The commit goes to every live replica, the electorate's and the
 * others', and the client is answered when {@code commitBlockFor} of those that
 * {@code countsForCommit} applied it.
 *
 * @param live           the live members of the electorate: where PREPARE and PROPOSE go
 * @param required       promises or acceptances needed
 * @param othersToCommit live replicas outside the electorate (other data centers under LOCAL_SERIAL)
 * @param commitBlockFor commits needed before answering (0 at ANY: the accepting quorum is enough)
 * @param replicas       every replica of the partition, natural and pending, of every data center,
 *                       alive or not: once all of them committed a ballot, its update may be cleaned up
 */
record Electorate(List<NodeAddress> live, int required, List<NodeAddress> othersToCommit, int commitBlockFor,
                  Predicate<NodeAddress> countsForCommit, List<NodeAddress> replicas) {

    /**
     * The electorate of {@code token}'s partition.
     *
     * @throws UnavailableException when fewer than required (or than the commit needs) are alive
     */
    static Electorate of(Topology topology, String keyspace, long token, ConsistencyLevel serial,
                         ConsistencyLevel commit) {
        if (!serial.isSerial()) {
            throw CqlException.invalid("Invalid serial consistency level " + serial
                    + ": only SERIAL and LOCAL_SERIAL are");
        }
        if (commit.isSerial()) {
            throw CqlException.invalid("Cannot commit a lightweight transaction at " + commit
                    + ": use a non-serial consistency level");
        }
        boolean localOnly = serial == ConsistencyLevel.LOCAL_SERIAL;
        Topology.Placement placement = topology.placementFor(keyspace, token);
        List<NodeAddress> natural = placement.replicas();
        List<NodeAddress> pending = placement.pending();
        Predicate<NodeAddress> inScope = node -> !localOnly || topology.isLocal(node);
        List<NodeAddress> naturalInScope = natural.stream().filter(inScope).toList();
        List<NodeAddress> pendingInScope = pending.stream().filter(inScope).toList();
        int factor = Math.max(topology.replicationFactor(keyspace, localOnly ? topology.localDataCenter() : null),
                naturalInScope.size());
        int required = factor / 2 + 1 + pendingInScope.size();
        Set<NodeAddress> members = new LinkedHashSet<>(naturalInScope);
        members.addAll(pendingInScope);
        List<NodeAddress> live = members.stream().filter(topology::isAlive).toList();
        if (live.size() < required) {
            throw new UnavailableException(serial, required, live.size());
        }
        Set<NodeAddress> everyone = new LinkedHashSet<>(natural);
        everyone.addAll(pending);
        List<NodeAddress> others = new ArrayList<>();
        for (NodeAddress node : everyone) {
            if (!members.contains(node) && topology.isAlive(node)) {
                others.add(node);
            }
        }
        boolean localCommit = commit == ConsistencyLevel.LOCAL_ONE || commit == ConsistencyLevel.LOCAL_QUORUM;
        Predicate<NodeAddress> counts = node -> !localCommit || topology.isLocal(node);
        int all = Math.max(topology.replicationFactor(keyspace, null), natural.size());
        int local = Math.max(topology.replicationFactor(keyspace, topology.localDataCenter()),
                (int) natural.stream().filter(topology::isLocal).count());
        int localPending = (int) pending.stream().filter(topology::isLocal).count();
        int blockFor = switch (commit) {
            case ANY -> 0;
            case ONE, LOCAL_ONE -> 1;
            case TWO -> 2;
            case THREE -> 3;
            // EACH_QUORUM is counted as a quorum of all replicas here, not one per data center.
            case QUORUM, EACH_QUORUM -> all / 2 + 1 + pending.size();
            case LOCAL_QUORUM -> local / 2 + 1 + localPending;
            case ALL -> all + pending.size();
            case SERIAL, LOCAL_SERIAL -> throw new IllegalStateException("checked above");
        };
        int liveForCommit = (int) everyone.stream().filter(topology::isAlive).filter(counts).count();
        if (liveForCommit < blockFor) {
            throw new UnavailableException(commit, blockFor, liveForCommit);
        }
        return new Electorate(live, required, List.copyOf(others), blockFor, counts, List.copyOf(everyone));
    }
}
