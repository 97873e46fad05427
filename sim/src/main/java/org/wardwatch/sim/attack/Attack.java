package org.wardwatch.sim.attack;

import java.util.List;
import org.wardwatch.sim.AttackKind;
import org.wardwatch.sim.hospital.Device;

/**
 * One injected attack as the truth file records it: who, against whom, when it was planned, and what
 * a detector should be able to see. {@code attacker} is null when the attacker is outside
 * ({@code externalAddress}); {@code indicators} lists addresses a threat feed would carry.
 */
public record Attack(int index, AttackKind kind, Device attacker, String externalAddress, List<Device> victims,
                     List<String> victimAddresses, long plannedStart, long plannedEnd, String details, List<String> indicators) {
    public String id() {
        return "atk-" + (index + 1);
    }
}
