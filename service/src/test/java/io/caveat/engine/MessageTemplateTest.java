package io.caveat.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.model.ServicePort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The template language on its own: each form filled from bound values, and its compile-time mistakes. */
class MessageTemplateTest {
    private static final ServicePort TCP = new ServicePort("shop/web", "shop", "http", 8080, "80", "TCP", 30080);
    private static final ServicePort UDP = new ServicePort("shop/web", "shop", "stats", 8081, "81", "UDP", 0);
    private static final Map<String, Object> BOUND = Map.of("$ports", List.of(TCP, UDP), "$none", List.of(),
            "$port", TCP, "$counts", List.of(Map.of("n", 2), Map.of("n", 3)), "$flag", true,
            "$cfg", Map.of("data", Map.of("networkType", "flat")));

    private static String fill(String template) {
        return MessageTemplate.fill(template, BOUND::get);
    }

    @Test
    void fieldsListsCountsSumsFallbacksAndSeparators() {
        assertThat(fill("{$ports.portProtocol}")).isEqualTo("8080/TCP, 8081/UDP");
        assertThat(fill("{$ports|count:port}, {$none|count:port}, {$port|count:port}")).isEqualTo("2 ports, 0 ports, 1 port");
        assertThat(fill("{$counts.n|sum:pod}")).isEqualTo("5 pods");
        assertThat(fill("{$none|or:none known} / {$ports.nodePortProtocol|or:not allocated}"))
                .isEqualTo("none known / 30080/TCP");
        assertThat(fill("{$ports.portProtocol|join:; }")).isEqualTo("8080/TCP; 8081/UDP");
        assertThat(fill("{$cfg.data.networkType}")).isEqualTo("flat");
        assertThat(fill("{$port}")).isEqualTo(TCP.key());
    }

    @Test
    void sectionsShowTheirTextWhenTheValueIsPresentOrAbsentAndNest() {
        assertThat(fill("{#$ports}ports {$ports.port}{/$ports}{^$ports}no ports{/$ports}")).isEqualTo("ports 8080, 8081");
        assertThat(fill("{#$none}some{/$none}{^$none}none{/$none}")).isEqualTo("none");
        assertThat(fill("a{#$flag}b{#$none}c{/$none}{#$flag}d{/$flag}e{/$flag}f")).isEqualTo("abdef");
    }

    @Test
    void anUnknownFieldShowsItselfAlsoWhereItWouldOpenASection() {
        assertThat(fill("{$port.nope}")).isEqualTo("{nope?}");
        assertThat(fill("[{#$port.nope}shown{/$port.nope}]")).isEqualTo("[{nope?}]");
    }

    @Test
    void mistakesAreFoundBeforeAnyFinding() {
        assertThat(MessageTemplate.mistakes("{$x|cuont:pod} {$x|or:a {$y}} {#$x}open {/$y}")).hasSize(4)
                .anyMatch(m -> m.contains("'{$x|cuont:pod}' is no placeholder"))
                .anyMatch(m -> m.contains("'{$x|or:a {$y}' is no placeholder"))
                .anyMatch(m -> m.contains("{/$y} closes no open section"))
                .anyMatch(m -> m.contains("{#$x} (or {^$x}) is never closed"));
        assertThat(MessageTemplate.mistakes("{$x.a|count:pod} {#$x}{$x|or:none}{/$x}")).isEmpty();
        assertThat(MessageTemplate.unbound("{$x} {#$y}{/$y}", Set.of("$x"))).containsExactly("$y");
    }
}
