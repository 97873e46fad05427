package org.wardwatch.sim.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.wardwatch.sim.hospital.Device;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Host;

/**
 * The hospital's shared network facts the behaviours need: paths between devices, DNS names, the
 * internet hosts (documentation addresses of RFC 5737 only, so nothing real is ever named).
 */
public final class Network {
    /** An internet service: a name and a documentation address. */
    public record InternetHost(String name, Host host) {
    }

    private final Hospital hospital;
    private final List<InternetHost> internet = new ArrayList<>();

    public Network(Hospital hospital, long seed) {
        this.hospital = hospital;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x1e7e_1e7eL);
        String[] names = {"www.example.com", "portal.example.org", "cdn.example.net", "updates.example.com", "mail.example.org",
            "telehealth.example.net", "drugdb.example.com", "weather.example.org"};
        for (int i = 0; i < names.length; i++) {
            internet.add(new InternetHost(names[i], Host.external(Addr.ip(198, 51, 100, 10 + i), 50 + rng.nextInt(10),
                    rng.nextInt())));
        }
    }

    public Hospital hospital() {
        return hospital;
    }

    public List<InternetHost> internet() {
        return internet;
    }

    /** Delay and serialization between two devices: Wi-Fi if either is wireless, else the wired LAN. */
    public static Path path(Device a, Device b) {
        boolean wifi = a.profile().wireless() || (b != null && b.profile().wireless());
        return wifi ? new Path(1_800_000, 160) : Path.LAN;
    }

    public static Path internetPath(Device a) {
        return new Path(a.profile().wireless() ? 18_000_000 : 16_000_000, a.profile().wireless() ? 160 : 8);
    }

    public static String dnsName(Device d) {
        String h = d.hostname() != null ? d.hostname() : d.id();
        return h.toLowerCase(Locale.ROOT) + "." + Hospital.DOMAIN;
    }
}
