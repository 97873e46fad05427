package org.wardwatch.inventory.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoting on write, quoted fields and CRLF/LF on read. */
public final class Csv {
    private Csv() {
    }

    public static String field(String v) {
        if (v == null) {
            return "";
        }
        // a leading =, +, - or @ would run as a formula when a spreadsheet opens the file (CSV injection)
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?") ? "'" + v : v;
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    public static String row(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        return sb.append("\r\n").toString();
    }

    /** Every row; a UTF-8 byte order mark at the start is dropped. */
    public static List<List<String>> read(Reader r) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        boolean first = true;
        while ((c = r.read()) >= 0) {
            if (first) {
                first = false;
                if (c == 0xFEFF) {
                    continue;
                }
            }
            any = true;
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int n = r.read();
                    if (n == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        if (n >= 0) {
                            r.reset();
                        }
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else if (c != '\r') {
                cell.append((char) c);
            }
        }
        if (any) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
