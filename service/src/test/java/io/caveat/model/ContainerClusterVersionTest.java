package io.caveat.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kubelink versions compare by their numbers, as Illumio writes them, never as text. */
class ContainerClusterVersionTest {
    private static ContainerCluster kubelink(String version) {
        return new ContainerCluster("/orgs/1/container_clusters/1", "c", "clas", version, true, null, "flat",
                "the PCE");
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(kubelink("5.1.2-3").kubelinkBefore("5.2.0")).isTrue();
        assertThat(kubelink("5.2.0-1").kubelinkBefore("5.2.0")).isFalse();
        assertThat(kubelink("5.10.0").kubelinkBefore("5.2.0")).isFalse();
        assertThat(kubelink("2.0.2.d53d7f").kubelinkBefore("5.2.0")).isTrue();
        assertThat(kubelink("5.2").kubelinkBefore("5.2.0")).isFalse();
    }

    @Test
    void anUnreportedOrUnreadableVersionIsNotKnownAndNeverBefore() {
        for (String version : new String[] {null, "", "master", "v5.1.0"}) {
            assertThat(kubelink(version).kubelinkVersionKnown()).as(String.valueOf(version)).isFalse();
            assertThat(kubelink(version).kubelinkBefore("5.2.0")).as(String.valueOf(version)).isFalse();
        }
    }
}
