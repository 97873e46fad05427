package org.wardwatch.protocols.ssdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the root device's identity out of a UPnP device description document (UPnP Device
 * Architecture 2.0 section 2.3): deviceType, friendlyName, manufacturer, manufacturerURL, modelName,
 * modelNumber, modelDescription, serialNumber, UDN, presentationURL, and the serviceType of its
 * services.
 *
 * <p>Not an XML parser: a bounded tag scanner that tracks element depth, skips comments, CDATA
 * sections, processing instructions and DOCTYPE declarations (no entity expansion, no external
 * entities, so no XXE), strips namespace prefixes and decodes the five predefined entities and
 * numeric character references. Embedded devices (deviceList) are skipped. Malformed input yields
 * whatever was read before the damage.
 */
public final class UpnpDescriptionParser {
    public static final int MAX_INPUT_CHARS = 64 * 1024;
    public static final int MAX_VALUE_CHARS = 256;
    public static final int MAX_SERVICES = 32;

    /** The root device's elements; null when absent. */
    public record Description(String deviceType, String friendlyName, String manufacturer, String manufacturerUrl,
                              String modelName, String modelNumber, String modelDescription, String serialNumber,
                              String udn, String presentationUrl, List<String> serviceTypes) {
    }

    private UpnpDescriptionParser() {
    }

    /** Whether the text is a UPnP device description (its root element's namespace). */
    public static boolean isDeviceDescription(String xml) {
        return xml.contains("urn:schemas-upnp-org:device-1-0");
    }

    /** The root device's identity, or null when no {@code device} element was found. */
    public static Description parse(String xml) {
        String s = xml.length() > MAX_INPUT_CHARS ? xml.substring(0, MAX_INPUT_CHARS) : xml;
        List<String> path = new ArrayList<>();
        String[] v = new String[10];
        List<String> services = new ArrayList<>();
        boolean sawDevice = false;
        int deviceDepth = -1;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int lt = s.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            if (s.startsWith("<!--", lt)) {
                int e = s.indexOf("-->", lt + 4);
                if (e < 0) {
                    break;
                }
                i = e + 3;
                continue;
            }
            if (s.startsWith("<![CDATA[", lt)) {
                int e = s.indexOf("]]>", lt);
                if (e < 0) {
                    break;
                }
                i = e + 3;
                continue;
            }
            if (s.startsWith("<?", lt) || s.startsWith("<!", lt)) {
                int e = s.indexOf('>', lt);
                if (e < 0) {
                    break;
                }
                i = e + 1;
                continue;
            }
            int gt = s.indexOf('>', lt);
            if (gt < 0) {
                break;
            }
            boolean closing = lt + 1 < n && s.charAt(lt + 1) == '/';
            boolean selfClosing = s.charAt(gt - 1) == '/';
            String name = localName(s, closing ? lt + 2 : lt + 1, gt);
            if (closing) {
                // pop to the matching element (tolerates unclosed children)
                for (int k = path.size() - 1; k >= 0; k--) {
                    if (path.get(k).equals(name)) {
                        while (path.size() > k) {
                            path.remove(path.size() - 1);
                        }
                        break;
                    }
                }
                if (sawDevice && path.size() < deviceDepth) {
                    break; // the root device closed
                }
                i = gt + 1;
                continue;
            }
            if (selfClosing) {
                i = gt + 1;
                continue;
            }
            path.add(name);
            if (path.size() > 64) {
                break;
            }
            if (!sawDevice && name.equals("device")) {
                sawDevice = true;
                deviceDepth = path.size();
            } else if (sawDevice) {
                int rel = path.size() - deviceDepth;
                String text = null;
                if (rel == 1 || (rel == 3 && name.equals("serviceType") && path.get(deviceDepth).equals("serviceList"))) {
                    int end = s.indexOf('<', gt + 1);
                    if (end < 0) {
                        break;
                    }
                    text = decode(s.substring(gt + 1, end)).trim();
                    if (text.length() > MAX_VALUE_CHARS) {
                        text = text.substring(0, MAX_VALUE_CHARS);
                    }
                }
                if (rel == 1 && text != null) {
                    int slot = switch (name) {
                        case "deviceType" -> 0;
                        case "friendlyName" -> 1;
                        case "manufacturer" -> 2;
                        case "manufacturerURL" -> 3;
                        case "modelName" -> 4;
                        case "modelNumber" -> 5;
                        case "modelDescription" -> 6;
                        case "serialNumber" -> 7;
                        case "UDN" -> 8;
                        case "presentationURL" -> 9;
                        default -> -1;
                    };
                    if (slot >= 0 && v[slot] == null) {
                        v[slot] = text;
                    }
                } else if (text != null && services.size() < MAX_SERVICES) {
                    services.add(text);
                }
            }
            i = gt + 1;
        }
        if (!sawDevice) {
            return null;
        }
        return new Description(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], List.copyOf(services));
    }

    private static String localName(String s, int from, int gt) {
        int e = from;
        while (e < gt && !Character.isWhitespace(s.charAt(e)) && s.charAt(e) != '/') {
            e++;
        }
        String qname = s.substring(from, e);
        int colon = qname.indexOf(':');
        return colon >= 0 ? qname.substring(colon + 1) : qname;
    }

    /** The predefined entities and numeric character references; anything else is left as is. */
    static String decode(String t) {
        if (t.indexOf('&') < 0) {
            return t;
        }
        StringBuilder sb = new StringBuilder(t.length());
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            int semi = c == '&' ? t.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String ent = t.substring(i + 1, semi);
                int cp = switch (ent) {
                    case "amp" -> '&';
                    case "lt" -> '<';
                    case "gt" -> '>';
                    case "quot" -> '"';
                    case "apos" -> '\'';
                    default -> numeric(ent);
                };
                if (cp > 0) {
                    sb.appendCodePoint(cp);
                    i = semi + 1;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static int numeric(String ent) {
        try {
            int cp = ent.startsWith("#x") || ent.startsWith("#X") ? Integer.parseInt(ent.substring(2), 16)
                    : ent.startsWith("#") ? Integer.parseInt(ent.substring(1)) : -1;
            return cp >= 0x20 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) ? cp : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
