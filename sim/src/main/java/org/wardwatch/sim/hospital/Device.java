package org.wardwatch.sim.hospital;

import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.wire.Addr;
import org.wardwatch.sim.wire.Host;

/** One simulated device: what it is (profile, application), where it sits, and its network identity. */
public final class Device {
    private final int index;
    private final Catalog.Profile profile;
    private final Catalog.Application application;
    private final String department;
    private final Zone zone;
    private final Vlan vlan;
    private final Host host;
    private final String hostname;
    private final String location;
    private final int patient;

    Device(int index, Catalog.Profile profile, Catalog.Application application, String department, Zone zone, Vlan vlan, Host host,
           String hostname, String location, int patient) {
        this.index = index;
        this.profile = profile;
        this.application = application;
        this.department = department;
        this.zone = zone;
        this.vlan = vlan;
        this.host = host;
        this.hostname = hostname;
        this.location = location;
        this.patient = patient;
    }

    public int index() {
        return index;
    }

    public String id() {
        return String.format("dev-%05d", index);
    }

    public Catalog.Profile profile() {
        return profile;
    }

    /** Server software this device runs, or null. */
    public Catalog.Application application() {
        return application;
    }

    /** What the device does: its application's function for servers, its profile's role otherwise. */
    public String function() {
        return application != null ? application.function() : profile.role();
    }

    public String department() {
        return department;
    }

    public Zone zone() {
        return zone;
    }

    public Vlan vlan() {
        return vlan;
    }

    public Host host() {
        return host;
    }

    public String hostname() {
        return hostname;
    }

    /** Bed or room label ("ICU-03"), or null. */
    public String location() {
        return location;
    }

    /** Synthetic patient number of the bed this device serves, or 0. */
    public int patient() {
        return patient;
    }

    public long mac() {
        return host.mac();
    }

    public String ip() {
        return Addr.ipString(host.ip());
    }

    /** EUI-64 built from the MAC (OUI + FFFE + NIC part), the form IHE PCD puts in MSH-3 and OBX-18. */
    public String eui64() {
        long m = host.mac();
        return String.format("%06X", m >>> 24) + "FFFE" + String.format("%06X", m & 0xffffff);
    }

    /**
     * The Windows release this device's NTLM and SMB traffic announces: its profile's documented release,
     * else Windows 10 2004 (a device with no documented release; its truth names no Windows version).
     */
    public org.wardwatch.sim.proto.Smb2.WindowsVersion windowsVersion() {
        Catalog.WindowsRelease w = profile.windows();
        return w == null ? org.wardwatch.sim.proto.Smb2.WindowsVersion.WINDOWS_10_2004
                : new org.wardwatch.sim.proto.Smb2.WindowsVersion(w.major(), w.minor(), w.build());
    }

    /** DICOM AE title: the profile's prefix and the device number. */
    public String aeTitle() {
        Catalog.DicomIdentity d = application != null && application.dicom() != null ? application.dicom() : profile.dicom();
        String prefix = d == null ? "AE" : d.aePrefix();
        String t = prefix + String.format("%03d", index % 1000);
        return t.length() > 16 ? t.substring(0, 16) : t;
    }

    @Override
    public String toString() {
        return id() + " " + profile.id() + " " + ip();
    }
}
