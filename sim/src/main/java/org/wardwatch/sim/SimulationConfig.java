package org.wardwatch.sim;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.wardwatch.sim.hospital.Topology;

/**
 * What to simulate. The default start is fixed (a Monday, 07:00 UTC) so that the same seed gives the
 * same bytes whenever it runs.
 *
 * @param beds number of beds (1 to 5,000)
 * @param durationSeconds capture length in seconds
 * @param seed seed of every random choice
 * @param topology flat (few large VLANs) or segmented (one VLAN per device class)
 * @param attacks attack scenarios to inject
 * @param start time of the first packet
 */
public record SimulationConfig(int beds, long durationSeconds, long seed, Topology topology, Set<AttackKind> attacks,
                               Instant start) {
    public static final Instant DEFAULT_START = Instant.parse("2024-03-04T07:00:00Z");

    public SimulationConfig {
        if (beds < 1 || beds > 5000) {
            throw new IllegalArgumentException("--beds must be between 1 and 5000");
        }
        if (durationSeconds < 1 || durationSeconds > 7 * 24 * 3600) {
            throw new IllegalArgumentException("the duration must be between 1 second and 7 days");
        }
        attacks = attacks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(attacks));
        if (topology == null) {
            topology = Topology.FLAT;
        }
        if (start == null) {
            start = DEFAULT_START;
        }
    }

    public long startNanos() {
        return start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }

    public long endNanos() {
        return startNanos() + durationSeconds * 1_000_000_000L;
    }
}
