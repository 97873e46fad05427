package org.wardwatch.sim.traffic;

/**
 * Daily rhythm of human-driven traffic (orders, imaging, workstation use): full activity 08:00-18:00,
 * ramps at 06:00-08:00 and 18:00-22:00, a quarter at night. The hour is taken from the capture's UTC
 * clock, which the simulator treats as the hospital's local time. Device telemetry ignores it.
 */
public final class Diurnal {
    private Diurnal() {
    }

    public static double activity(long nanos) {
        double h = Math.floorMod(nanos / 1_000_000_000L, 86_400L) / 3600.0;
        double night = 0.25;
        if (h >= 8 && h < 18) {
            return 1.0;
        }
        if (h >= 6 && h < 8) {
            return night + (1 - night) * (h - 6) / 2;
        }
        if (h >= 18 && h < 22) {
            return 1 - (1 - night) * (h - 18) / 4;
        }
        return night;
    }
}
