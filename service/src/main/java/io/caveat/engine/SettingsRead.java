package io.caveat.engine;

import io.caveat.load.KeptSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a rule reads must be ones caveat keeps: the loader and the collection drop every other env value and
 * ConfigMap key (credentials live there), so a rule reading another would silently never see it. The settings a rule
 * reads are those it names: setting("X") and settingFrom("X") of a Workload, data.get("X") or {$cfg.data.X} of an
 * IllumioConfig.
 */
final class SettingsRead {
    private static final Pattern ENV = Pattern.compile("setting(?:From)?\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern CONFIG = Pattern.compile("data\\.get\\(\\s*\"([^\"]+)\"\\s*\\)|\\.data\\.(\\w+)");

    private SettingsRead() {
    }

    static List<RuleText.Problem> check(RuleText text) {
        List<RuleText.Problem> problems = new ArrayList<>();
        String drl = text.drl();
        Set<String> env = KeptSettings.envNames();
        Matcher m = ENV.matcher(drl);
        while (m.find()) {
            if (!env.contains(m.group(1))) {
                problems.add(at(drl, m.start(), "setting(\"" + m.group(1) + "\") is an env value caveat does not keep,"
                        + " so no rule ever sees it; kept: " + String.join(", ", env) + " (a developer adds one to"
                        + " KeptSettings; credentials are never kept)"));
            }
        }
        m = CONFIG.matcher(drl);
        while (m.find()) {
            String key = m.group(1) != null ? m.group(1) : m.group(2);
            if (!KeptSettings.CONFIG.contains(key)) {
                problems.add(at(drl, m.start(), "ConfigMap key " + key + " is not kept, so no rule ever sees it;"
                        + " kept: " + String.join(", ", new java.util.TreeSet<>(KeptSettings.CONFIG))
                        + " (a developer adds one to KeptSettings)"));
            }
        }
        return problems;
    }

    private static RuleText.Problem at(String drl, int offset, String message) {
        int line = (int) drl.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        return new RuleText.Problem(line, offset - drl.lastIndexOf('\n', offset - 1), message);
    }
}
