package org.wardwatch.protocols.smb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.wardwatch.testkit.Requirements;

/**
 * A private Samba server for the real-peer tests: its own smb.conf, state folders and share under the
 * test's folder, listening on 127.0.0.1 only, on a port of the test's choosing, without NetBIOS or printers.
 */
final class SambaPeer {
    private SambaPeer() {
    }

    /**
     * Writes {@code dir/smb.conf} with the folders it names and one read-only share {@code [share]}
     * ({@code dir/share}); {@code global} and {@code share} add lines to those sections.
     */
    static Path config(Path dir, int port, List<String> global, List<String> share) throws IOException {
        for (String sub : new String[] {"private", "lock", "state", "cache", "pid", "ncalrpc", "share"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        List<String> lines = new ArrayList<>(List.of(
                "[global]",
                "  netbios name = WWFILESRV",
                "  workgroup = WARDNET",
                "  security = user",
                "  smb ports = " + port,
                "  interfaces = 127.0.0.1",
                "  bind interfaces only = yes",
                "  private dir = " + dir.resolve("private"),
                "  lock directory = " + dir.resolve("lock"),
                "  state directory = " + dir.resolve("state"),
                "  cache directory = " + dir.resolve("cache"),
                "  pid directory = " + dir.resolve("pid"),
                "  ncalrpc dir = " + dir.resolve("ncalrpc"),
                "  log file = " + dir.resolve("log.%m"),
                "  passdb backend = tdbsam:" + dir.resolve("private/passdb.tdb"),
                "  server role = standalone server",
                "  disable netbios = yes",
                "  load printers = no",
                "  printcap name = /dev/null",
                "  disable spoolss = yes"));
        global.forEach(l -> lines.add("  " + l));
        lines.add("[share]");
        lines.add("  path = " + dir.resolve("share"));
        lines.add("  read only = yes");
        share.forEach(l -> lines.add("  " + l));
        lines.add("");
        Path conf = dir.resolve("smb.conf");
        Files.writeString(conf, String.join("\n", lines));
        return conf;
    }

    /** Waits (up to 20 s) until smbd listens on 127.0.0.1:port; fails with smbd's log. */
    static void waitForListener(int port, Path log) throws Exception {
        Requirements.awaitListening(port, 20, "smbd", log);
    }
}
