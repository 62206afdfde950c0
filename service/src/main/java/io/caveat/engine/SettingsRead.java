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
    /** Env names, in code: setting("X"), settingFrom("X"), settings.get("X"), settings["X"], settings.X. */
    private static final Pattern ENV = Pattern.compile("\\bsetting(?:From)?\\(\\s*\"([^\"]+)\"\\s*\\)"
            + "|\\bsettings\\s*(?:\\.get\\(\\s*|\\[\\s*)\"([^\"]+)\"|\\bsettings\\.(\\w+)");
    /** ConfigMap keys, in code: data.get("X"), data["X"], data.X; in a message: {$cfg.data.X}. */
    private static final Pattern CONFIG = Pattern.compile("\\bdata\\s*(?:\\.get\\(\\s*|\\[\\s*)\"([^\"]+)\""
            + "|\\bdata\\.(\\w+)");
    private static final Pattern CONFIG_IN_MESSAGE = Pattern.compile("\\{[#^/]?\\$\\w+(?:\\.\\w+)*\\.data\\.(\\w+)");

    private SettingsRead() {
    }

    static List<RuleText.Problem> check(RuleText text) {
        List<RuleText.Problem> problems = new ArrayList<>();
        // Names are read where code names them (strings kept, comments not) and where a message names them.
        String code = DrlText.withoutComments(text.drl());
        String bare = DrlText.codeOnly(text.drl());
        Set<String> env = KeptSettings.envNames();
        Matcher m = ENV.matcher(code);
        while (m.find()) {
            if (!inCode(bare, m.start())) {
                continue;
            }
            String name = first(m);
            if (!env.contains(name)) {
                problems.add(at(code, m.start(), "setting " + name + " is an env value caveat does not keep,"
                        + " so no rule ever sees it; kept: " + String.join(", ", env) + " (a developer adds one to"
                        + " KeptSettings; credentials are never kept)"));
            }
        }
        m = CONFIG.matcher(code);
        while (m.find()) {
            if (inCode(bare, m.start())) {
                config(first(m), code, m.start(), problems);
            }
        }
        m = CONFIG_IN_MESSAGE.matcher(code);
        while (m.find()) {
            config(m.group(1), code, m.start(), problems);
        }
        return problems;
    }

    private static void config(String key, String code, int at, List<RuleText.Problem> problems) {
        if (!KeptSettings.CONFIG.contains(key) && !"get".equals(key)) {
            problems.add(at(code, at, "ConfigMap key " + key + " is not kept, so no rule ever sees it;"
                    + " kept: " + String.join(", ", new java.util.TreeSet<>(KeptSettings.CONFIG))
                    + " (a developer adds one to KeptSettings)"));
        }
    }

    /** Not inside a string literal: the code-only text still has the character there. */
    private static boolean inCode(String bare, int offset) {
        return bare.charAt(offset) != ' ';
    }

    private static String first(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return "";
    }

    private static RuleText.Problem at(String drl, int offset, String message) {
        int line = (int) drl.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
        return new RuleText.Problem(line, offset - drl.lastIndexOf('\n', offset - 1), message);
    }
}
