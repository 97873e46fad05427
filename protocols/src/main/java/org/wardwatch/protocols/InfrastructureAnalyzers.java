package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;

/** Windows, management and building protocols: SMB, Kerberos, SNMP, LLDP, CDP, NTP, Syslog, MQTT, CoAP, BACnet, Modbus. */
final class InfrastructureAnalyzers {
    static final List<AnalyzerFactory> FLOW = List.of();
    static final List<FrameAnalyzer> FRAME = List.of();

    private InfrastructureAnalyzers() {
    }
}
