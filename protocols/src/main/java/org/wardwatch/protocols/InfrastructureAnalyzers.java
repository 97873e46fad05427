package org.wardwatch.protocols;

import java.util.List;
import org.wardwatch.protocols.bacnet.BacnetAnalyzerFactory;
import org.wardwatch.protocols.cdp.CdpAnalyzer;
import org.wardwatch.protocols.coap.CoapAnalyzerFactory;
import org.wardwatch.protocols.kerberos.KerberosAnalyzerFactory;
import org.wardwatch.protocols.lldp.LldpAnalyzer;
import org.wardwatch.protocols.modbus.ModbusAnalyzerFactory;
import org.wardwatch.protocols.mqtt.MqttAnalyzerFactory;
import org.wardwatch.protocols.ntp.NtpAnalyzerFactory;
import org.wardwatch.protocols.smb.SmbAnalyzerFactory;
import org.wardwatch.protocols.snmp.SnmpAnalyzerFactory;
import org.wardwatch.protocols.spi.AnalyzerFactory;
import org.wardwatch.protocols.spi.FrameAnalyzer;
import org.wardwatch.protocols.syslog.SyslogAnalyzerFactory;

/** Windows, management and building protocols: SMB, Kerberos, SNMP, LLDP, CDP, NTP, Syslog, MQTT, CoAP, BACnet, Modbus. */
final class InfrastructureAnalyzers {
    /** In probe order: probes that check many bytes first, the shortest (NTP, syslog, CoAP) last. */
    static final List<AnalyzerFactory> FLOW = List.of(
            new SmbAnalyzerFactory(),
            KerberosAnalyzerFactory.tcp(),
            KerberosAnalyzerFactory.udp(),
            new SnmpAnalyzerFactory(),
            new MqttAnalyzerFactory(),
            new ModbusAnalyzerFactory(),
            new BacnetAnalyzerFactory(),
            new CoapAnalyzerFactory(),
            new NtpAnalyzerFactory(),
            SyslogAnalyzerFactory.udp(),
            SyslogAnalyzerFactory.tcp());

    /** Frame analyzers keep bounded tables of their own: one new set per pipeline. */
    static List<FrameAnalyzer> frame() {
        return List.of(
            new LldpAnalyzer(),
            new CdpAnalyzer());
    }

    private InfrastructureAnalyzers() {
    }
}
