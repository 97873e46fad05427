package org.wardwatch.protocols.infratest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wardwatch.protocols.infratest.InfraSamples.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wardwatch.capture.engine.EngineConfig;
import org.wardwatch.model.Observation;
import org.wardwatch.model.obs.FlowRecord;
import org.wardwatch.protocols.Pipeline;
import org.wardwatch.testkit.Frames;

/**
 * Every infrastructure protocol is found from its payload on a port that is none of its hints, through
 * the real pipeline (packet engine, dispatcher probes, every registered analyzer): the flow record is
 * named after the protocol and the analyzer reports what the messages say. The messages are the
 * spec-built ones of {@link InfraSamples}; ports are arbitrary high numbers.
 */
class OddPortDetectionTest {
    private static final String CLIENT = "10.9.8.7";
    private static final String SERVER = "10.9.8.1";

    static Stream<Arguments> protocols() {
        return Stream.of(
                Arguments.of("smb", true, 40445, List.of(smb2NegotiateRequest()), List.of(smb2NegotiateResponse()), "SmbNegotiated"),
                Arguments.of("kerberos", true, 40088, List.of(kerberosAsReqTcp()), List.of(), "KerberosRequestSeen"),
                Arguments.of("kerberos", false, 40088, List.of(kerberosAsReq()), List.of(), "KerberosRequestSeen"),
                Arguments.of("snmp", false, 40161, List.of(snmpV2cGet("public")), List.of(snmpV2cResponse("public")), "SnmpSystemInfoSeen"),
                Arguments.of("mqtt", true, 41883, List.of(mqttConnect("pump-9", true), mqttPublish("ward/9", "x")), List.of(mqttConnack()),
                        "MqttTopicSeen"),
                Arguments.of("modbus", true, 40502, List.of(modbusReadDeviceIdRequest()), List.of(modbusReadDeviceIdResponse()),
                        "ModbusDeviceIdentified"),
                Arguments.of("bacnet", false, 47999, List.of(bacnetIAm()), List.of(), "BacnetDeviceSeen"),
                Arguments.of("coap", false, 45683, List.of(coapGetWellKnownCore()), List.of(coapLinkFormatResponse()),
                        "CoapResourcesDiscovered"),
                Arguments.of("ntp", false, 40123, List.of(ntpClient()), List.of(ntpServer()), "NtpMessageSeen"),
                Arguments.of("syslog", false, 40514, List.of(syslog3164()), List.of(), "SyslogMessageSeen"),
                Arguments.of("syslog", true, 40601, List.of(bytes(syslog5424(), "\n")), List.of(), "SyslogMessageSeen"));
    }

    @ParameterizedTest(name = "{0} over {1} on port {2}")
    @MethodSource("protocols")
    void isFoundByPayloadOnAPortThatIsNotItsOwn(String name, boolean tcp, int port, List<byte[]> clientMessages,
                                                List<byte[]> serverMessages, String observation) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        int clientPort = 51000;
        if (tcp) {
            long cseq = 1000;
            long sseq = 5000;
            frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).tcp(clientPort, port).flags(Frames.SYN).seq(cseq).build());
            frames.add(Frames.ethernet().ipv4(SERVER, CLIENT).tcp(port, clientPort).flags(Frames.SYN | Frames.ACK).seq(sseq).ack(cseq + 1).build());
            cseq++;
            sseq++;
            frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).tcp(clientPort, port).flags(Frames.ACK).seq(cseq).ack(sseq).build());
            for (int i = 0; i < Math.max(clientMessages.size(), serverMessages.size()); i++) {
                if (i < clientMessages.size()) {
                    byte[] m = clientMessages.get(i);
                    frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).tcp(clientPort, port).flags(Frames.PSH | Frames.ACK).seq(cseq)
                            .ack(sseq).payload(m).build());
                    cseq += m.length;
                }
                if (i < serverMessages.size()) {
                    byte[] m = serverMessages.get(i);
                    frames.add(Frames.ethernet().ipv4(SERVER, CLIENT).tcp(port, clientPort).flags(Frames.PSH | Frames.ACK).seq(sseq)
                            .ack(cseq).payload(m).build());
                    sseq += m.length;
                }
            }
            frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).tcp(clientPort, port).flags(Frames.FIN | Frames.ACK).seq(cseq).ack(sseq).build());
            frames.add(Frames.ethernet().ipv4(SERVER, CLIENT).tcp(port, clientPort).flags(Frames.FIN | Frames.ACK).seq(sseq).ack(cseq + 1).build());
            frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).tcp(clientPort, port).flags(Frames.ACK).seq(cseq + 1).ack(sseq + 1).build());
        } else {
            for (int i = 0; i < Math.max(clientMessages.size(), serverMessages.size()); i++) {
                if (i < clientMessages.size()) {
                    frames.add(Frames.ethernet().ipv4(CLIENT, SERVER).udp(clientPort, port).payload(clientMessages.get(i)).build());
                }
                if (i < serverMessages.size()) {
                    frames.add(Frames.ethernet().ipv4(SERVER, CLIENT).udp(port, clientPort).payload(serverMessages.get(i)).build());
                }
            }
        }
        List<Observation> all = new ArrayList<>();
        Pipeline.run(List.of(Frames.source(Frames.timed(frames, 1_700_000_000_000_000_000L, 1_000_000L))), EngineConfig.defaults(),
                all::add, null);
        List<FlowRecord> flows = all.stream().filter(FlowRecord.class::isInstance).map(FlowRecord.class::cast).toList();
        assertThat(flows).singleElement().satisfies(f -> {
            assertThat(f.flow().serverPort()).isEqualTo(port);
            assertThat(f.application()).isEqualTo(name);
        });
        assertThat(all).anySatisfy(o -> assertThat(o.getClass().getSimpleName()).isEqualTo(observation));
    }
}
