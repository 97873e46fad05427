package org.wardwatch.sim;

import java.nio.file.Path;
import org.wardwatch.sim.hospital.Topology;

/** Manual runs while developing: SimMain OUT BEDS SECONDS SEED TOPOLOGY ATTACKS. */
final class SimMain {
    private SimMain() {
    }

    public static void main(String[] a) throws Exception {
        SimulationConfig c = new SimulationConfig(Integer.parseInt(a[1]), Long.parseLong(a[2]), Long.parseLong(a[3]),
                Topology.valueOf(a[4].toUpperCase()), AttackKind.parse(a.length > 5 ? a[5] : "none"), null);
        SimulationResult r = Simulator.run(c, Path.of(a[0]), null);
        System.out.println(r);
        System.out.printf("%.0f packets/s%n", r.packetsPerSecond());
    }
}
