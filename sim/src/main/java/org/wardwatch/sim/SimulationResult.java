package org.wardwatch.sim;

import java.nio.file.Path;

/**
 * What a run produced.
 *
 * @param droppedConversations conversations not started because the live-conversation cap was reached (0 normally)
 */
public record SimulationResult(Path capture, Path truth, int devices, int attacks, long packets, long bytes, long elapsedNanos,
                               long peakLiveConversations, long droppedConversations) {
    public double packetsPerSecond() {
        return elapsedNanos == 0 ? 0 : packets / (elapsedNanos / 1e9);
    }
}
