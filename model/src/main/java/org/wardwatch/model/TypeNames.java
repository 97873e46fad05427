package org.wardwatch.model;

/** snake_case type names for observation classes, computed once per class. */
public final class TypeNames {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return snake(type.getSimpleName());
        }
    };

    private TypeNames() {
    }

    public static String of(Class<?> type) {
        return NAMES.get(type);
    }

    /** {@code DhcpClientSeen} → {@code dhcp_client_seen}; {@code TlsJa3Seen} → {@code tls_ja3_seen}. */
    public static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(camel.charAt(i - 1)) || Character.isDigit(camel.charAt(i - 1)));
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(camel.charAt(i - 1));
                if (i > 0 && (prevLower || (prevUpper && nextLower))) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
