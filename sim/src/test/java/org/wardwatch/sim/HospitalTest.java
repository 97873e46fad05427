package org.wardwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wardwatch.sim.catalog.Catalog;
import org.wardwatch.sim.hospital.Device;
import org.wardwatch.sim.hospital.Hospital;
import org.wardwatch.sim.hospital.HospitalBuilder;
import org.wardwatch.sim.hospital.Topology;

class HospitalTest {
    private static final Catalog CATALOG = Catalog.load();

    @Test
    void bedsCarryTenToFifteenConnectedDevicesEachOnAverage() {
        Hospital h = HospitalBuilder.build(CATALOG, 300, Topology.FLAT, 1);
        long bedside = h.devices().stream().filter(d -> d.location() != null && d.patient() > 0).count();
        assertThat(bedside / 300.0).isBetween(10.0, 15.0);
        long pumps = h.devices().stream().filter(d -> d.function().equals("pump")).count();
        assertThat(pumps / (double) bedside).as("infusion pumps: the largest group").isGreaterThan(0.4);
    }

    @Test
    void everyRequiredDepartmentAndClassIsPresent() {
        Hospital h = HospitalBuilder.build(CATALOG, 60, Topology.FLAT, 2);
        assertThat(h.departments()).contains("ICU", "ED", "Ward 1", "Radiology", "Laboratory", "Pharmacy", "Administration", "OR");
        Set<String> functions = new HashSet<>();
        h.devices().forEach(d -> functions.add(d.function()));
        assertThat(functions).contains("monitor_stream", "pump", "nurse_call", "modality", "lab_analyzer", "poc_device", "med_cabinet",
                "pacs", "ehr", "interface_engine", "pump_server", "central_station", "domain_controller", "file_server", "workstation",
                "printer", "voip_phone", "access_point", "camera", "hvac_controller", "access_control", "ups");
    }

    @Test
    void flatPutsNearlyEverythingOnOneVlanAndSegmentedSeparatesClasses() {
        Hospital flat = HospitalBuilder.build(CATALOG, 40, Topology.FLAT, 3);
        Hospital seg = HospitalBuilder.build(CATALOG, 40, Topology.SEGMENTED, 3);
        assertThat(flat.vlans()).hasSizeLessThanOrEqualTo(3);
        assertThat(seg.vlans().size()).isGreaterThanOrEqualTo(10);
        Map<String, Integer> vlanOfCategory = new HashMap<>();
        for (Device d : seg.devices()) {
            if ("pump".equals(d.function()) || "workstation".equals(d.function())) {
                vlanOfCategory.put(d.function(), d.vlan().id());
            }
        }
        assertThat(vlanOfCategory.get("pump")).isNotEqualTo(vlanOfCategory.get("workstation"));
    }

    @Test
    void macAndIpAddressesAreUnique() {
        Hospital h = HospitalBuilder.build(CATALOG, 500, Topology.SEGMENTED, 4);
        Set<Long> macs = new HashSet<>();
        Set<String> ips = new HashSet<>();
        for (Device d : h.devices()) {
            if (d != h.router()) {
                assertThat(macs.add(d.mac())).as(d.toString()).isTrue();
                assertThat(ips.add(d.ip())).as(d.toString()).isTrue();
            }
        }
    }
}
