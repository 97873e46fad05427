package org.wardwatch.model.obs.ntlm;

import java.time.Instant;
import org.wardwatch.model.FlowId;

/**
 * An NTLMSSP CHALLENGE message (from the server): its names from the target info AV pairs and the
 * Windows version of the server (MS-NLMP 2.2.1.2, 2.2.2.1, 2.2.2.10). Null where absent.
 *
 * @param carrier         the protocol that carried it ("smb", "http")
 * @param targetName      the TargetName field (usually the NetBIOS domain)
 * @param netbiosComputer MsvAvNbComputerName
 * @param netbiosDomain   MsvAvNbDomainName
 * @param dnsComputer     MsvAvDnsComputerName
 * @param dnsDomain       MsvAvDnsDomainName
 * @param dnsTree         MsvAvDnsTreeName (the forest)
 * @param osMajor         VERSION ProductMajorVersion (e.g. 10), null without the VERSION field
 * @param osMinor         VERSION ProductMinorVersion
 * @param osBuild         VERSION ProductBuild (e.g. 19041)
 */
public record NtlmChallengeSeen(Instant ts, FlowId flow, String carrier, String targetName,
                                String netbiosComputer, String netbiosDomain, String dnsComputer,
                                String dnsDomain, String dnsTree, Integer osMajor, Integer osMinor,
                                Integer osBuild) implements NtlmObservation {
}
