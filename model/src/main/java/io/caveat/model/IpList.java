package io.caveat.model;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PCE IP list of the active policy, its ranges as the PCE writes them: an address, a CIDR block, or
 * "from-to" (from_ip and to_ip).
 *
 * @param includes ranges with exclusion false
 * @param excludes ranges with exclusion true: carved out of the includes
 * @param fqdns    how many FQDNs it names (an address cannot be told to match one)
 */
public record IpList(String href, String name, Set<String> includes, Set<String> excludes, int fqdns)
        implements Fact {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public IpList {
        includes = Immutable.set(includes);
        excludes = Immutable.set(excludes);
    }

    @Override
    public String key() {
        return href;
    }

    /** True when the address is in one of the includes and in none of the excludes; false for what is unreadable. */
    public boolean covers(String address) {
        BigInteger ip = number(address);
        if (ip == null) {
            return false;
        }
        int bits = address.contains(":") ? 128 : 32;
        return includes.stream().anyMatch(r -> inRange(r, ip, bits))
                && excludes.stream().noneMatch(r -> inRange(r, ip, bits));
    }

    /** True when it holds all of IPv4 (0.0.0.0/0) and carves nothing out: it covers any node, address known or not. */
    public boolean coversAllIpv4() {
        return excludes.isEmpty() && includes.contains("0.0.0.0/0");
    }

    private static boolean inRange(String range, BigInteger ip, int bits) {
        String from = range;
        String to = null;
        int prefix = -1;
        int dash = range.indexOf('-');
        int slash = range.indexOf('/');
        if (dash > 0) {
            from = range.substring(0, dash).trim();
            to = range.substring(dash + 1).trim();
        } else if (slash > 0) {
            from = range.substring(0, slash).trim();
            try {
                prefix = Integer.parseInt(range.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (from.contains(":") != (bits == 128)) {
            return false;
        }
        BigInteger low = number(from);
        if (low == null) {
            return false;
        }
        if (prefix >= 0) {
            if (prefix > bits) {
                return false;
            }
            BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
            BigInteger start = low.subtract(low.mod(size));
            return ip.compareTo(start) >= 0 && ip.compareTo(start.add(size)) < 0;
        }
        BigInteger high = to == null ? low : number(to);
        return high != null && ip.compareTo(low) >= 0 && ip.compareTo(high) <= 0;
    }

    /** An address literal as a number; null for anything else (never a name lookup). */
    private static BigInteger number(String address) {
        if (address == null || !(address.contains(":") || IPV4.matcher(address).matches())) {
            return null;
        }
        try {
            return new BigInteger(1, InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
