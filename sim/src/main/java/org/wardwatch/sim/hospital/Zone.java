package org.wardwatch.sim.hospital;

/** A class of devices that a segmented network gives its own VLAN. */
public enum Zone {
    SERVERS(10, "datacenter"),
    WORKSTATIONS(20, "workstations"),
    PRINTERS(21, "printers"),
    VOICE(22, "voice"),
    WIFI_INFRA(23, "wireless-infrastructure"),
    MONITORING(30, "patient-monitoring"),
    INFUSION(31, "infusion"),
    CLINICAL(32, "clinical-devices"),
    IMAGING(40, "imaging"),
    LAB(41, "laboratory"),
    PHARMACY(42, "pharmacy"),
    SECURITY(50, "security-iot"),
    BUILDING(51, "building-ot");

    final int segmentedVlan;
    final String segmentedName;

    Zone(int segmentedVlan, String segmentedName) {
        this.segmentedVlan = segmentedVlan;
        this.segmentedName = segmentedName;
    }
}
