package org.wardwatch.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wardwatch.capture.source.CaptureAnomaly;
import org.wardwatch.capture.source.Packet;
import org.wardwatch.capture.source.PacketSource;

/**
 * Live capture from a network interface through libpcap, in this process ({@link Libpcap}: JNA
 * direct mapping). The handle is opened with {@code pcap_create}, nanosecond time stamps, immediate
 * mode and an 8 MiB kernel buffer; a BPF filter is compiled by libpcap. Needs root or CAP_NET_RAW.
 *
 * <p>Nothing is allocated per packet: {@link #next} copies each frame from libpcap's ring into one
 * reused buffer of snaplen bytes and re-points the caller's {@link Packet} at it. {@link #next}
 * blocks until a packet arrives; {@link #close} may be called from another thread (a timer, Ctrl-C),
 * after which {@code next} returns false. Kernel and interface drops ({@code pcap_stats}) are counted
 * as {@code live_packets_dropped}.
 */
public final class LibpcapSource implements PacketSource {
    /** How long one {@code pcap_next_ex} waits before {@link #next} looks at {@link #close} again. */
    private static final int READ_TIMEOUT_MS = 100;
    private static final int KERNEL_BUFFER_BYTES = 8 << 20;
    private static final int DLT_RAW = 12;
    private static final int LINKTYPE_RAW = 101;

    private final String name;
    private final int linkType;
    private final boolean nanoTimestamps;
    private final byte[] frame;
    private final ByteBuffer frameBuffer;
    private final Memory headerOut = new Memory(8);
    private final Memory dataOut = new Memory(8);
    private final Memory stats = new Memory(Libpcap.PCAP_STAT_SIZE);
    private final Pointer header = new Pointer(0);
    private final Pointer data = new Pointer(0);
    private final Map<String, Long> anomalies = new LinkedHashMap<>();
    private Pointer handle;
    private volatile boolean closed;
    private long packets;
    private long bytes;
    private long dropped;

    private LibpcapSource(String interfaceName, Pointer handle, int snaplen) {
        this.name = "live:" + interfaceName;
        this.handle = handle;
        int dlt = Libpcap.pcap_datalink(handle);
        this.linkType = dlt == DLT_RAW ? LINKTYPE_RAW : dlt; // the one DLT value Linux numbers apart from its LINKTYPE
        this.nanoTimestamps = Libpcap.pcap_get_tstamp_precision(handle) == Libpcap.PCAP_TSTAMP_PRECISION_NANO;
        this.frame = new byte[snaplen];
        this.frameBuffer = ByteBuffer.wrap(frame);
    }

    /** True when libpcap could be loaded into this process. */
    public static boolean available() {
        return Libpcap.unavailableReason() == null;
    }

    /** Why libpcap cannot be used here (null when it can). */
    public static String unavailableReason() {
        return Libpcap.unavailableReason();
    }

    /** libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    public static String libraryVersion() {
        return available() ? Libpcap.pcap_lib_version() : null;
    }

    /** Captures on {@code interfaceName} ("any" for all), keeping packets that match {@code bpfFilter} (null or blank: all). */
    public static LibpcapSource open(String interfaceName, String bpfFilter) throws IOException {
        return open(interfaceName, bpfFilter, LiveSource.DEFAULT_SNAPLEN);
    }

    public static LibpcapSource open(String interfaceName, String bpfFilter, int snaplen) throws IOException {
        if (!available()) {
            throw new IOException("live capture needs libpcap (Debian package libpcap0.8): " + unavailableReason());
        }
        LiveCapture.checkArguments(interfaceName, snaplen);
        byte[] errbuf = new byte[Libpcap.PCAP_ERRBUF_SIZE];
        Pointer handle = Libpcap.pcap_create(interfaceName, errbuf);
        if (handle == null) {
            throw new IOException("live capture on " + interfaceName + " failed: " + cString(errbuf));
        }
        boolean ok = false;
        try {
            Libpcap.pcap_set_snaplen(handle, snaplen);
            Libpcap.pcap_set_promisc(handle, 1);
            Libpcap.pcap_set_timeout(handle, READ_TIMEOUT_MS);
            Libpcap.pcap_set_immediate_mode(handle, 1);
            Libpcap.pcap_set_buffer_size(handle, KERNEL_BUFFER_BYTES);
            Libpcap.pcap_set_tstamp_precision(handle, Libpcap.PCAP_TSTAMP_PRECISION_NANO); // not all devices: checked after
            int rc = Libpcap.pcap_activate(handle);
            if (rc < 0) {
                throw new IOException("live capture on " + interfaceName + " failed: " + activationError(handle, rc));
            }
            if (bpfFilter != null && !bpfFilter.isBlank()) {
                setFilter(handle, interfaceName, bpfFilter);
            }
            LibpcapSource source = new LibpcapSource(interfaceName, handle, snaplen);
            ok = true;
            return source;
        } finally {
            if (!ok) {
                Libpcap.pcap_close(handle);
            }
        }
    }

    private static String activationError(Pointer handle, int rc) {
        String detail = Libpcap.error(handle);
        String status = Libpcap.pcap_statustostr(rc);
        String text = detail == null || detail.isBlank() ? status : detail;
        if (rc == Libpcap.PCAP_ERROR_PERM_DENIED || rc == Libpcap.PCAP_ERROR_PROMISC_PERM_DENIED) {
            return text + " (live capture needs root or CAP_NET_RAW)";
        }
        return text;
    }

    private static void setFilter(Pointer handle, String interfaceName, String bpfFilter) throws IOException {
        Memory program = new Memory(Libpcap.BPF_PROGRAM_SIZE);
        program.clear();
        if (Libpcap.pcap_compile(handle, program, bpfFilter, 1, Libpcap.PCAP_NETMASK_UNKNOWN) != 0) {
            throw new IOException("live capture on " + interfaceName + " failed: filter '" + bpfFilter + "': " + Libpcap.error(handle));
        }
        try {
            if (Libpcap.pcap_setfilter(handle, program) != 0) {
                throw new IOException("live capture on " + interfaceName + " failed: filter '" + bpfFilter + "': "
                        + Libpcap.error(handle));
            }
        } finally {
            Libpcap.pcap_freecode(program);
        }
    }

    private static String cString(byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public boolean next(Packet into) throws IOException {
        while (true) {
            int caplen;
            int len;
            long sec;
            long frac;
            synchronized (this) {
                if (closed || handle == null) {
                    return false;
                }
                int rc = Libpcap.pcap_next_ex(handle, headerOut, dataOut);
                if (rc == 0) {
                    continue; // read timeout: look at closed again
                }
                if (rc == -2) {
                    return false; // pcap_breakloop from close()
                }
                if (rc < 0) {
                    if (closed) {
                        return false;
                    }
                    throw new IOException("live capture on " + name.substring(5) + " failed: " + Libpcap.error(handle));
                }
                Pointer.nativeValue(header, headerOut.getLong(0));
                Pointer.nativeValue(data, dataOut.getLong(0));
                sec = header.getLong(Libpcap.HDR_TV_SEC);
                frac = header.getLong(Libpcap.HDR_TV_FRAC);
                caplen = header.getInt(Libpcap.HDR_CAPLEN);
                len = header.getInt(Libpcap.HDR_LEN);
                if (caplen < 0 || caplen > frame.length) {
                    anomalies.merge(CaptureAnomaly.PCAP_CAPLEN_EXCEEDS_SNAPLEN.id(), 1L, Long::sum);
                    continue;
                }
                if (len < caplen) {
                    anomalies.merge(CaptureAnomaly.PCAP_CAPLEN_EXCEEDS_ORIGLEN.id(), 1L, Long::sum);
                    len = caplen;
                }
                data.read(0, frame, 0, caplen);
            }
            packets++;
            bytes += caplen;
            long nanos = sec * 1_000_000_000L + (nanoTimestamps ? frac : frac * 1_000L);
            into.set(frameBuffer, 0, caplen, len, nanos, linkType);
            into.interfaceId = 0;
            into.fileOffset = bytes - caplen;
            into.number = packets;
            return true;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long position() {
        return bytes;
    }

    @Override
    public synchronized Map<String, Long> anomalies() {
        Map<String, Long> m = new LinkedHashMap<>(anomalies);
        long drops = currentDrops();
        if (drops > 0) {
            m.put(CaptureAnomaly.LIVE_PACKETS_DROPPED.id(), drops);
        }
        return m;
    }

    private long currentDrops() {
        if (handle != null && Libpcap.pcap_stats(handle, stats) == 0) {
            // ps_drop: no room in the kernel buffer; ps_ifdrop: dropped by the interface
            dropped = Integer.toUnsignedLong(stats.getInt(4)) + Integer.toUnsignedLong(stats.getInt(8));
        }
        return dropped;
    }

    /** Link type of the interface's frames (a LINKTYPE_* value). */
    public int linkType() {
        return linkType;
    }

    /** Stops the capture; a {@link #next} blocked in another thread returns false within the read timeout. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Pointer h = handle;
        if (h != null) {
            Libpcap.pcap_breakloop(h); // safe from any thread; wakes a blocked pcap_next_ex on Linux
        }
        synchronized (this) {
            if (handle != null) {
                currentDrops();
                Libpcap.pcap_close(handle);
                handle = null;
            }
        }
    }
}
