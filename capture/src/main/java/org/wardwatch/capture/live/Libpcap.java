package org.wardwatch.capture.live;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few libpcap functions live capture needs, bound with JNA direct mapping (no generated glue,
 * no per-call argument objects). Function names and signatures follow libpcap's {@code pcap/pcap.h}
 * (libpcap 1.5 or later: {@code pcap_create}/{@code pcap_activate}, nanosecond time stamps,
 * immediate mode). Debian ships the library as {@code libpcap.so.0.8} in package {@code libpcap0.8},
 * which tcpdump and tshark already pull in; JNA finds the versioned file without the -dev symlink.
 *
 * <p>Structures are read by offset on LP64 Linux: {@code struct pcap_pkthdr} is
 * {@code {struct timeval ts (16 bytes); bpf_u_int32 caplen; bpf_u_int32 len}}, {@code struct
 * bpf_program} is {@code {u_int bf_len; struct bpf_insn *bf_insns}} (16 bytes), {@code struct
 * pcap_stat} is {@code {u_int ps_recv, ps_drop, ps_ifdrop}}.
 */
final class Libpcap {
    static final int PCAP_ERRBUF_SIZE = 256;
    static final int PCAP_TSTAMP_PRECISION_NANO = 1;
    static final int PCAP_NETMASK_UNKNOWN = 0xffffffff;
    /** pcap_activate: warnings are positive, errors negative. */
    static final int PCAP_ERROR_PERM_DENIED = -8;
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;

    /** pcap_pkthdr offsets (LP64). */
    static final int HDR_TV_SEC = 0;
    static final int HDR_TV_FRAC = 8;
    static final int HDR_CAPLEN = 16;
    static final int HDR_LEN = 20;
    static final int BPF_PROGRAM_SIZE = 16;
    static final int PCAP_STAT_SIZE = 12;

    private static final Throwable LOAD_FAILURE;

    static {
        Throwable failure = null;
        try {
            if (!com.sun.jna.Platform.isLinux() || !com.sun.jna.Platform.is64Bit()) {
                throw new UnsatisfiedLinkError("the libpcap binding reads LP64 Linux structure layouts; this is "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            }
            Native.register(Libpcap.class, NativeLibrary.getInstance("pcap"));
        } catch (Throwable t) { // UnsatisfiedLinkError, or JNA's own native part missing for this platform
            failure = t;
        }
        LOAD_FAILURE = failure;
    }

    private Libpcap() {
    }

    /** Null when libpcap is bound; otherwise why it is not. */
    static String unavailableReason() {
        return LOAD_FAILURE == null ? null : String.valueOf(LOAD_FAILURE.getMessage()).lines().findFirst().orElse("");
    }

    static native String pcap_lib_version();

    static native Pointer pcap_create(String source, byte[] errbuf);

    static native int pcap_set_snaplen(Pointer p, int snaplen);

    static native int pcap_set_promisc(Pointer p, int promisc);

    static native int pcap_set_timeout(Pointer p, int toMs);

    static native int pcap_set_immediate_mode(Pointer p, int immediate);

    static native int pcap_set_buffer_size(Pointer p, int bytes);

    static native int pcap_set_tstamp_precision(Pointer p, int precision);

    static native int pcap_activate(Pointer p);

    static native int pcap_datalink(Pointer p);

    static native int pcap_get_tstamp_precision(Pointer p);

    static native Pointer pcap_geterr(Pointer p);

    static native String pcap_statustostr(int status);

    static native int pcap_compile(Pointer p, Pointer program, String filter, int optimize, int netmask);

    static native int pcap_setfilter(Pointer p, Pointer program);

    static native void pcap_freecode(Pointer program);

    /** 1: a packet; 0: the read timeout expired; -1: error; -2: pcap_breakloop. */
    static native int pcap_next_ex(Pointer p, Pointer headerOut, Pointer dataOut);

    static native int pcap_stats(Pointer p, Pointer statOut);

    static native void pcap_breakloop(Pointer p);

    static native void pcap_close(Pointer p);

    /** libpcap's message for the handle's last error. */
    static String error(Pointer p) {
        Pointer msg = pcap_geterr(p);
        return msg == null ? "unknown libpcap error" : msg.getString(0);
    }
}
