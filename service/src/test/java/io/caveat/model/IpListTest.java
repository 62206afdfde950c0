package io.caveat.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ranges as the PCE writes them: an address, a CIDR block, "from-to", exclusions carved out. */
class IpListTest {
    @Test
    void cidrBlocksRangesAndSingleAddresses() {
        IpList list = new IpList("/orgs/1/sec_policy/active/ip_lists/7", "partners",
                Set.of("203.0.113.0/28", "198.51.100.10-198.51.100.20", "192.0.2.7"), Set.of("198.51.100.15"), 0);
        assertThat(list.covers("203.0.113.15")).isTrue();
        assertThat(list.covers("203.0.113.16")).isFalse();
        assertThat(list.covers("198.51.100.10")).isTrue();
        assertThat(list.covers("198.51.100.20")).isTrue();
        assertThat(list.covers("198.51.100.15")).as("excluded").isFalse();
        assertThat(list.covers("198.51.100.21")).isFalse();
        assertThat(list.covers("192.0.2.7")).isTrue();
        assertThat(list.coversAllIpv4()).isFalse();
    }

    @Test
    void aCidrWhoseAddressIsNotItsNetworkStillMeansTheBlock() {
        IpList list = new IpList("/l", "l", Set.of("10.1.2.3/16"), Set.of(), 0);
        assertThat(list.covers("10.1.255.255")).isTrue();
        assertThat(list.covers("10.2.0.0")).isFalse();
    }

    @Test
    void theAnyListCoversEveryAddressOfBothFamilies() {
        IpList any = new IpList("/l/1", "Any (0.0.0.0/0 and ::/0)", Set.of("0.0.0.0/0", "::/0"), Set.of(), 0);
        assertThat(any.covers("10.0.0.1")).isTrue();
        assertThat(any.covers("fd00::1")).isTrue();
        assertThat(any.coversAllIpv4()).isTrue();
    }

    @Test
    void namesAndGarbageAreNeverLookedUpOrCovered() {
        IpList any = new IpList("/l/1", "Any", Set.of("0.0.0.0/0", "not-an-ip/8", "10.0.0.1-x"), Set.of(), 0);
        assertThat(any.covers("localhost")).isFalse();
        assertThat(any.covers("beef.cafe")).isFalse();
        assertThat(any.covers(null)).isFalse();
        assertThat(any.covers("10.0.0.1")).isTrue();
    }
}
