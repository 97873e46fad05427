package org.wardwatch.model.obs.lldp;

import java.time.Instant;
import java.util.List;
import org.wardwatch.model.MacAddress;
import org.wardwatch.model.Observation;

/**
 * An LLDP advertisement (IEEE 802.1AB-2016, LLDP-MED ANSI/TIA-1057): who sent it and what it says
 * about itself. Emitted when a sender's advertisement changes (not every 30 s). Null where absent.
 *
 * @param source            the frame's source MAC
 * @param vlan              the VLAN tag the frame arrived on, 0 when untagged
 * @param chassisId         Chassis ID as text: a MAC as aa:bb:.., a network address as text, else the string
 * @param chassisIdSubtype  802.1AB subtype number (4 = MAC address, 5 = network address, 7 = locally assigned)
 * @param portId            Port ID as text (same rendering as chassisId)
 * @param portIdSubtype     802.1AB subtype number
 * @param capabilities      enabled system capabilities (other, repeater, bridge, wlan_ap, router, telephone,
 *                          docsis, station, cvlan, svlan, tpmr)
 * @param managementAddresses management addresses as text
 * @param nativeVlan        IEEE 802.1 Port VLAN ID TLV
 * @param medDeviceClass    LLDP-MED device type (1-3 endpoint classes, 4 network connectivity)
 */
public record LldpNeighborSeen(Instant ts, MacAddress source, int vlan, String chassisId, int chassisIdSubtype,
                               String portId, int portIdSubtype, Integer ttl, String portDescription,
                               String systemName, String systemDescription, List<String> capabilities,
                               List<String> managementAddresses, Integer nativeVlan, Integer medDeviceClass,
                               String medHardwareRevision, String medFirmwareRevision, String medSoftwareRevision,
                               String medSerialNumber, String medManufacturer, String medModelName)
        implements Observation {
    public LldpNeighborSeen {
        capabilities = List.copyOf(capabilities);
        managementAddresses = List.copyOf(managementAddresses);
    }
}
