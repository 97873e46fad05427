package org.wardwatch.protocols.nettest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tally of a comparison with tshark: messages compared, messages whose every compared field agreed,
 * and the first disagreements (to print). Tests print {@link #summary} so that the numbers can be
 * quoted, and assert on {@link #disagreements}.
 */
public final class Agreement {
    private final String protocol;
    private final List<String> fields;
    private int messages;
    private int disagreeing;
    private final java.util.Set<String> disagreeingFiles = new java.util.TreeSet<>();
    private int agreed;
    private final List<String> disagreements = new ArrayList<>();

    private final String oracle;

    public Agreement(String protocol, List<String> tsharkFields) {
        this("tshark", protocol, tsharkFields);
    }

    /** @param oracle who we compare with (tshark, nDPI, ...) */
    public Agreement(String oracle, String protocol, List<String> tsharkFields) {
        this.oracle = oracle;
        this.protocol = protocol;
        this.fields = List.copyOf(tsharkFields);
    }

    /** One message: each pair is (tshark field, tshark value, our value). */
    public void message(String where, Object... fieldTheirsOurs) {
        messages++;
        boolean ok = true;
        for (int i = 0; i + 2 < fieldTheirsOurs.length; i += 3) {
            Object theirs = fieldTheirsOurs[i + 1];
            Object ours = fieldTheirsOurs[i + 2];
            if (!Objects.equals(theirs, ours)) {
                ok = false;
                String file = where.indexOf('#') < 0 ? where : where.substring(0, where.indexOf('#'));
                long fromFile = disagreements.stream().filter(x -> x.startsWith(file)).count();
                if (disagreements.size() < 40 && fromFile < 4) {
                    disagreements.add(where + " " + fieldTheirsOurs[i] + ": tshark=" + theirs + " ours=" + ours);
                }
            }
        }
        if (ok) {
            agreed++;
        } else {
            disagreeing++;
            int hash = where.indexOf('#');
            disagreeingFiles.add(hash < 0 ? where : where.substring(0, hash));
        }
    }

    public int messages() {
        return messages;
    }

    public int agreed() {
        return agreed;
    }

    /** Captures with at least one disagreeing message. */
    public java.util.Set<String> disagreeingFiles() {
        return disagreeingFiles;
    }

    public List<String> disagreements() {
        return disagreements;
    }

    public String summary() {
        return String.format("%s agreement %s: %d/%d messages agree on %s%s", oracle, protocol, agreed, messages, fields,
                disagreements.isEmpty() ? "" : "\n  disagreeing captures: " + disagreeingFiles + "\n  " + String.join("\n  ", disagreements));
    }
}
