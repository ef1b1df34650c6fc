package vn.wardwatch.api;

/**
 * Plate text for viewers without the plate right (issue 8): the province code (first two characters) stays, every
 * other letter and digit becomes {@code *}, separators stay: {@code 30A-339.18} becomes {@code 30*-***.**}. The
 * place is still readable for statistics; the vehicle is not identifiable.
 */
final class PlateMask {

    private PlateMask() {
    }

    static String mask(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int kept = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(kept < 2 ? c : '*');
                kept++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
