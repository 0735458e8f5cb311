package io.cairn.sim;

import java.util.List;
import java.util.Map;

/**
 * What a run produced: its event-log hash (equal for two runs of one seed), its size, the
 * history, and each checker's violations.
 */
public record SimResult(SimConfig config, long eventHash, long events, long simulatedMicros, History history,
                        Map<String, List<String>> violations) {

    public boolean passed() {
        return violations.values().stream().allMatch(List::isEmpty);
    }

    /** The checkers that found violations. */
    public List<String> failedCheckers() {
        return violations.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** One line: seed, shape, operations, outcome. */
    public String summary() {
        History h = history;
        return String.format(java.util.Locale.ROOT,
                "seed %d: %d nodes, %.0f s simulated, %d events, %d ops (%d ok, %d failed, %d unknown), hash %016x: %s",
                config.seed(), config.nodes(), simulatedMicros / 1e6, events, h.ops().size(),
                h.count(History.Outcome.OK), h.count(History.Outcome.FAILED), h.count(History.Outcome.UNKNOWN),
                eventHash, passed() ? "ok" : "FAILED " + failedCheckers());
    }

    /** The violations, a few per checker. */
    public String report() {
        StringBuilder text = new StringBuilder(summary()).append('\n');
        violations.forEach((checker, found) -> {
            if (!found.isEmpty()) {
                text.append("  ").append(checker).append(": ").append(found.size()).append('\n');
                found.stream().limit(5).forEach(line -> text.append("    ").append(line).append('\n'));
            }
        });
        return text.toString();
    }
}
