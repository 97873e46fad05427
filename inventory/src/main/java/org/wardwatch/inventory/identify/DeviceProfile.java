package org.wardwatch.inventory.identify;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.IpAddress;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * A device seen as a whole after resolution, given to the rules as one more observation (type
 * {@code device_profile}) so that device-level knowledge is data like the rest: the MAC prefix (OUI
 * table), the set of offered services ({@code service_sets} table), the protocols it spoke.
 *
 * @param services     offered services as {@code tcp/104}, sorted by port, then {@code app:<name>} for confirmed applications
 * @param applications protocols analyzers confirmed on its flows
 */
public record DeviceProfile(Instant ts, String id, MacAddress mac, IpAddress ip, int vlan, boolean randomizedMac,
                            boolean router, boolean layer3Only, List<String> services, List<String> applications)
        implements Observation {
    public DeviceProfile {
        services = List.copyOf(services);
        applications = List.copyOf(applications);
    }
}
