package io.cairn.tools.bench;

/**
 * How a conditional statement ended, as a compare-and-set client sees it: applied; not applied,
 * with the current value of the condition's column when the server returned it (it returns the
 * row's current values with a refusal, which is how a client learns what to expect next); or
 * unknown, when the server timed out during the Paxos round (WriteTimeout of type CAS, or
 * CAS_WRITE_UNKNOWN): the update may or may not take effect later.
 */
record CasOutcome(Result result, boolean currentKnown, String current) {

    enum Result { APPLIED, NOT_APPLIED, UNKNOWN }

    static final CasOutcome APPLIED = new CasOutcome(Result.APPLIED, false, null);
    static final CasOutcome UNKNOWN = new CasOutcome(Result.UNKNOWN, false, null);

    CasOutcome {
        if (currentKnown && result != Result.NOT_APPLIED) {
            throw new IllegalArgumentException("only a refusal carries the current value, not " + result);
        }
    }

    /** Not applied; the current value ({@code null} when the column is null) came with the refusal. */
    static CasOutcome notApplied(String current) {
        return new CasOutcome(Result.NOT_APPLIED, true, current);
    }

    /** Not applied, and the server did not say what the current value is. */
    static CasOutcome notAppliedWithoutValue() {
        return new CasOutcome(Result.NOT_APPLIED, false, null);
    }
}
