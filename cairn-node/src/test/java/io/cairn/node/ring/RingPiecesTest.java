package io.cairn.node.ring;

import io.cairn.storage.TokenRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RingPiecesTest {

    @Test
    void aRangeIsCutAtEveryRingTokenInsideIt() {
        List<TokenRange> pieces = RingPieces.of(new TokenRange(0, false, 100, true), List.of(-50L, 10L, 60L, 100L));

        assertThat(pieces).containsExactly(
                new TokenRange(0, false, 10, true),
                new TokenRange(10, false, 60, true),
                new TokenRange(60, false, 100, true));
    }

    @Test
    void theFullRingEndsWithThePieceAfterTheLastToken() {
        List<TokenRange> pieces = RingPieces.of(TokenRange.FULL, List.of(0L));

        assertThat(pieces).containsExactly(
                new TokenRange(Long.MIN_VALUE, true, 0, true),
                new TokenRange(0, false, Long.MAX_VALUE, true));
    }

    @Test
    void aSingleTokenRangeIsOnePiece() {
        assertThat(RingPieces.of(new TokenRange(5, true, 5, true), List.of(5L)))
                .containsExactly(new TokenRange(5, true, 5, true));
    }

    @Test
    void withoutTokensTheRangeIsItsOwnPiece() {
        TokenRange range = new TokenRange(-10, true, 10, false);

        assertThat(RingPieces.of(range, List.of())).containsExactly(range);
    }
}
