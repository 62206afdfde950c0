package io.caveat.model;

import java.util.ArrayList;
import java.util.List;

/** Product versions as Illumio writes them ("5.3.1-2", "23.4.11-8"): the leading dotted numbers compare. */
final class Versions {
    private Versions() {
    }

    /** The leading numbers: "5.3.1-2" is [5, 3, 1]; empty when the text does not start with one. */
    static List<Integer> numbers(String version) {
        List<Integer> out = new ArrayList<>();
        if (version == null) {
            return out;
        }
        for (String part : version.strip().split("\\.")) {
            int digits = 0;
            while (digits < part.length() && Character.isDigit(part.charAt(digits))) {
                digits++;
            }
            if (digits == 0 || digits > 9) {
                break;
            }
            out.add(Integer.parseInt(part.substring(0, digits)));
            if (digits < part.length()) {
                break;
            }
        }
        return out;
    }

    /** Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}. */
    static int compare(String a, String b) {
        List<Integer> x = numbers(a);
        List<Integer> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            int c = Integer.compare(i < x.size() ? x.get(i) : 0, i < y.size() ? y.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
