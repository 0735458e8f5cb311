package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;

/**
 * A request one node sends another about data, one record per verb. Each record
 * writes itself ({@link #serialize}) and has a static {@code deserialize(byte[])} beside it;
 * {@link #deserialize(Verb, byte[])} picks the right one for a verb.
 */
public sealed interface ReplicaMessage permits MutationMessage, ReadRepairMessage, HintMessage, ReadMessage,
        RangeReadMessage, StreamMessage, TruncateMessage, BatchStoreMessage, BatchRemoveMessage,
        PaxosPrepareMessage, PaxosProposeMessage, PaxosCommitMessage, PaxosCleanupMessage, RepairTreeMessage,
        RepairWriteMessage, RepairMarkMessage, RepairUnrepairedMessage, RepairFetchMessage,
        TraceEventsMessage, CounterWriteMessage {

    /** The layout version every replica message starts with. */
    int VERSION = 1;

    Verb verb();

    byte[] serialize();

    /** The message a payload of {@code verb} holds; malformed input fails with {@link MalformedMessageException}. */
    static ReplicaMessage deserialize(Verb verb, byte[] payload) {
        return switch (verb) {
            case MUTATION -> MutationMessage.deserialize(payload);
            case READ_REPAIR -> ReadRepairMessage.deserialize(payload);
            case HINT -> HintMessage.deserialize(payload);
            case READ -> ReadMessage.deserialize(payload);
            case RANGE_READ -> RangeReadMessage.deserialize(payload);
            case INDEX_READ -> RangeReadMessage.deserializeIndexRead(payload);
            case STREAM -> StreamMessage.deserialize(payload);
            case TRUNCATE -> TruncateMessage.deserialize(payload);
            case BATCH_STORE -> BatchStoreMessage.deserialize(payload);
            case BATCH_REMOVE -> BatchRemoveMessage.deserialize(payload);
            case PAXOS_PREPARE -> PaxosPrepareMessage.deserialize(payload);
            case PAXOS_PROPOSE -> PaxosProposeMessage.deserialize(payload);
            case PAXOS_COMMIT -> PaxosCommitMessage.deserialize(payload);
            case PAXOS_CLEANUP -> PaxosCleanupMessage.deserialize(payload);
            case REPAIR_TREE -> RepairTreeMessage.deserialize(payload);
            case REPAIR_WRITE -> RepairWriteMessage.deserialize(payload);
            case REPAIR_MARK -> RepairMarkMessage.deserialize(payload);
            case REPAIR_UNREPAIRED -> RepairUnrepairedMessage.deserialize(payload);
            case REPAIR_FETCH -> RepairFetchMessage.deserialize(payload);
            case TRACE_EVENTS -> TraceEventsMessage.deserialize(payload);
            case COUNTER_WRITE -> CounterWriteMessage.deserialize(payload);
            default -> throw new MalformedMessageException("Malformed replica message: " + verb
                    + " has no replica message");
        };
    }
}
