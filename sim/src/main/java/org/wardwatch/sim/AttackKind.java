package org.wardwatch.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The attack scenarios the simulator can inject, by their {@code --attacks} names. */
public enum AttackKind {
    SCAN("network scan: TCP SYN sweep of common ports over clinical subnets"),
    SMB_LATERAL("SMB lateral movement: worm-like spread from one workstation to others over SMB with admin shares"),
    BRUTEFORCE("brute force on Telnet, FTP and RDP logins of medical devices and servers"),
    DICOM_HARVEST("DICOM data harvesting: study-root C-FIND of every study and C-MOVE to an unknown AE"),
    HL7_UNAUTHORIZED("HL7 from an unauthorized sender: ADT and infusion orders injected into the interface engine"),
    EXFILTRATION("exfiltration: large TLS upload from an internal host to an internet address"),
    RANSOMWARE("ransomware-like SMB write bursts: many files rewritten on the file server"),
    ARP_SPOOF("ARP spoofing: a host claims the default gateway's address on a clinical VLAN"),
    BAD_ADDRESS("a device contacts a known-bad internet address");

    private final String description;

    AttackKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "all", "none" or a comma-separated list of names. */
    public static Set<AttackKind> parse(String list) {
        if (list == null || list.isBlank() || list.equalsIgnoreCase("none")) {
            return EnumSet.noneOf(AttackKind.class);
        }
        if (list.equalsIgnoreCase("all")) {
            return EnumSet.allOf(AttackKind.class);
        }
        EnumSet<AttackKind> out = EnumSet.noneOf(AttackKind.class);
        for (String part : list.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                out.add(AttackKind.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown attack '" + part.trim() + "' (known: all, "
                        + String.join(", ", EnumSet.allOf(AttackKind.class).stream().map(AttackKind::cliName).toList()) + ")");
            }
        }
        return out;
    }
}
