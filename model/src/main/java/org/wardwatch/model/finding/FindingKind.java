package org.wardwatch.model.finding;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What sort of problem a finding is. JSON names are the lower-case constant names; they are API
 * (filters, control mappings, detection rules refer to them).
 */
public enum FindingKind {
    /** A published vulnerability (CSAF advisory, NVD CVE) matched to the device's vendor, model and version. */
    KNOWN_VULNERABILITY,
    /** A vulnerability in a component the device's SBOM lists, with its VEX status. */
    SBOM_COMPONENT_VULNERABILITY,
    /** Patient data (HL7 v2, DICOM, FHIR) sent without encryption. */
    CLEARTEXT_PHI,
    /** Credentials sent without encryption (telnet, FTP, HTTP basic, SNMP community, MQTT). */
    CLEARTEXT_CREDENTIALS,
    /** SMB version 1 negotiated or offered. */
    SMBV1,
    /** TLS 1.0/1.1 (or SSL) negotiated, or a weak cipher suite chosen. */
    WEAK_TLS,
    /** A certificate that is expired, self-signed or otherwise not trustworthy. */
    UNTRUSTED_CERTIFICATE,
    /** The operating system is past its vendor's end of support. */
    END_OF_SUPPORT_OS,
    /** A remote-access service (RDP, VNC, TeamViewer-like) answers on the device. */
    REMOTE_ACCESS_EXPOSED,
    /** A DICOM SCP accepted associations from any calling AE title. */
    DICOM_PROMISCUOUS_SCP,
    /** The device exchanged traffic with public internet addresses. */
    INTERNET_COMMUNICATION,
    /** A medical device shares a VLAN with user workstations. */
    FLAT_NETWORK;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FindingKind parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
