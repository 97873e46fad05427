package org.wardwatch.sim.proto;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * HL7 v2 messages (ER7 encoding, segments ended by CR) framed by MLLP (IHE PCD TF-2 Appendix: 0x0B
 * ... 0x1C 0x0D). Message shapes follow the IHE PCD transactions listed in DOMAIN.md section 4.2:
 * PCD-01 ORU^R01 with MDC codes (device codes from IHE PCD TF-2, metric codes from the HL7
 * Point-of-Care Device IG examples), PCD-03 RGV^O15 / RRG^O16, ADT^A01 and ACK. Patient fields are
 * always synthetic ({@code SIM^PATIENT...}).
 */
public final class Hl7 {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    public static final String PCD01_PROFILE = "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO";

    private Hl7() {
    }

    public static String ts(long nanos) {
        return TS.format(Instant.ofEpochSecond(0, nanos));
    }

    public static byte[] mllp(String er7) {
        byte[] body = er7.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = 0x0b;
        System.arraycopy(body, 0, out, 1, body.length);
        out[out.length - 2] = 0x1c;
        out[out.length - 1] = 0x0d;
        return out;
    }

    private static String msh(String sendingApp, String sendingFacility, String receivingApp, String receivingFacility,
                              long nanos, String type, String controlId, String version, String profile) {
        return "MSH|^~\\&|" + sendingApp + "|" + sendingFacility + "|" + receivingApp + "|" + receivingFacility + "|"
                + ts(nanos) + "||" + type + "|" + controlId + "|P|" + version + "|||AL|NE|||||"
                + (profile == null ? "" : profile) + "\r";
    }

    /** Synthetic patient identification: never a real person. */
    public static String pid(int patient) {
        return "PID|||SIM" + String.format("%06d", patient) + "^^^SIMHOSP^MR||SIM^PATIENT" + patient + "||19700101|U\r";
    }

    /** PCD-01 vital signs from a monitor or its gateway (MSH-3 carries the sender's EUI-64). */
    public static byte[] oruVitals(String sendingApp, String receivingApp, long nanos, String controlId, int patient,
                                   String bed, String deviceEui64, int heartRate, int sys, int dia) {
        String t = ts(nanos);
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "ORU^R01^ORU_R01", controlId, "2.6",
                PCD01_PROFILE)
                + pid(patient)
                + "PV1||I|" + bed + "\r"
                + "OBR|1|" + controlId + "^" + sendingApp + "|" + controlId + "^" + sendingApp
                + "|69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|||" + t + "\r"
                + "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1.0.0.0|||||||X|||||||" + deviceEui64 + "^EUI-64\r"
                + "OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|" + heartRate + "|/min^/min^UCUM|||||R|||" + t
                + "||||" + deviceEui64 + "^EUI-64\r"
                + "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.2.1.1|" + sys + "|mm[Hg]^mm[Hg]^UCUM|||||R|||" + t
                + "||||" + deviceEui64 + "^EUI-64\r"
                + "OBX|4|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.2.1.2|" + dia + "|mm[Hg]^mm[Hg]^UCUM|||||R|||" + t
                + "||||" + deviceEui64 + "^EUI-64\r";
        return mllp(m);
    }

    /** PCD-01 infusion pump status from a pump server (device code MDC_DEV_PUMP_INFUS_LVP_MDS). */
    public static byte[] oruPump(String sendingApp, String receivingApp, long nanos, String controlId, int patient,
                                 String pumpEui64, String status) {
        String t = ts(nanos);
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "ORU^R01^ORU_R01", controlId, "2.6",
                PCD01_PROFILE)
                + pid(patient)
                + "OBR|1|" + controlId + "^" + sendingApp + "|" + controlId + "^" + sendingApp
                + "|70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|||" + t + "\r"
                + "OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||||||" + pumpEui64 + "^EUI-64\r"
                + "OBX|2|ST|158005^MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS^MDC|1.1.1.1|" + status + "||||||R|||" + t
                + "||||" + pumpEui64 + "^EUI-64\r";
        return mllp(m);
    }

    /** PCD-03 infusion order (RGV^O15) from the EHR/BCMA to the pump server. */
    public static byte[] rgvOrder(String sendingApp, String receivingApp, long nanos, String controlId, int patient,
                                  String pumpEui64, String drug, String rateMlH) {
        String t = ts(nanos);
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "RGV^O15^RGV_O15", controlId, "2.6",
                "IHE_PCD_PIV_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO")
                + pid(patient)
                + "ORC|RE|" + controlId + "\r"
                + "RXG|1||" + t + "|^" + drug + "^SIMFORMULARY|1|mL^mL^UCUM|||||" + rateMlH + "|mL/h^mL/h^UCUM\r"
                + "OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|||||||||||||||" + pumpEui64 + "^EUI-64\r";
        return mllp(m);
    }

    /** RRG^O16 accepting a PCD-03 order. */
    public static byte[] rrgAccept(String sendingApp, String receivingApp, long nanos, String controlId, String ackedId) {
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "RRG^O16^RRG_O16", controlId, "2.6", null)
                + "MSA|AA|" + ackedId + "\r";
        return mllp(m);
    }

    /** ADT^A01 admission (HL7 2.5). */
    public static byte[] adtA01(String sendingApp, String receivingApp, long nanos, String controlId, int patient, String bed) {
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "ADT^A01^ADT_A01", controlId, "2.5", null)
                + "EVN|A01|" + ts(nanos) + "\r"
                + pid(patient)
                + "PV1||I|" + bed + "\r";
        return mllp(m);
    }

    /** General acknowledgement; {@code code} AA accepts, AR rejects. */
    public static byte[] ack(String sendingApp, String receivingApp, long nanos, String controlId, String ackedId,
                             String code, String version) {
        String m = msh(sendingApp, "SIMHOSP", receivingApp, "SIMHOSP", nanos, "ACK", controlId, version, null)
                + "MSA|" + code + "|" + ackedId + "\r";
        return mllp(m);
    }
}
