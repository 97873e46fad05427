package org.wardwatch.model.finding;

import java.time.Instant;

/**
 * What shows a finding: a kind of observation, when it was seen and how often, and the fact it carried.
 * For advisory matches the observation is the device attribute the match rests on
 * ({@code device.model}, {@code device.firmware}). Never holds patient data.
 *
 * @param observation the observation type name (e.g. {@code smb_negotiated}) or {@code device.<attribute>}
 * @param fact        short and human readable, e.g. {@code tcp 10.1.2.3:49152 > 10.1.2.9:445 smb1Chosen=true}
 * @param count       how many observations of this kind supported the finding
 */
public record FindingEvidence(String observation, String fact, Instant firstSeen, Instant lastSeen, long count) {
}
