package io.caveat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

/**
 * Help that wraps between words only. picocli's wrapping breaks inside tokens at punctuation ("report.
 * keepDays", "[--[no-] publish]"), so it renders every section unwrapped and this re-wraps it at the terminal's
 * width ($COLUMNS, else 80): an option's description under its column, a synopsis under its first option, prose
 * under its own indent.
 */
final class HelpLayout {
    private static final int UNWRAPPED = 10_000;
    private static final int DEFAULT_WIDTH = 80;

    private HelpLayout() {
    }

    static void apply(CommandLine root) {
        root.setUsageHelpWidth(UNWRAPPED);
        int width = width();
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        for (CommandLine command : all) {
            Map<String, IHelpSectionRenderer> sections = command.getHelpSectionMap();
            // The synopsis's "Usage: " heading joins it, so that its first line is wrapped with it.
            IHelpSectionRenderer heading = sections.get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING);
            sections.replaceAll((key, renderer) -> help -> switch (key) {
                case CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING -> "";
                case CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS -> wrap(heading.render(help)
                        + renderer.render(help), width);
                default -> wrap(renderer.render(help), width);
            });
            command.setHelpSectionMap(sections);
        }
    }

    static int width() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 60 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(wrapLine(lines[i], width));
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String wrapLine(String line, int width) {
        if (line.length() <= width) {
            return line;
        }
        String trimmed = line.stripTrailing();
        int indent = hangingIndent(trimmed);
        StringBuilder out = new StringBuilder();
        int column = 0;
        String head = trimmed.substring(0, indent);
        out.append(head);
        column = head.length();
        boolean first = true;
        for (String word : trimmed.substring(indent).trim().split(" +")) {
            if (!first && column + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
                first = true;
            }
            if (!first) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            first = false;
        }
        return out.toString();
    }

    /** Where continuation lines start: the description column, a synopsis's options, or the line's indent. */
    private static int hangingIndent(String line) {
        int lead = line.length() - line.stripLeading().length();
        if (line.startsWith("Usage: ")) {
            int option = line.indexOf(" [");
            int operand = line.indexOf(" -");
            int at = option < 0 ? operand : operand < 0 ? option : Math.min(option, operand);
            return at < 0 ? lead : at + 1;
        }
        int gap = line.indexOf("  ", lead);
        if (gap > lead) {
            int description = gap;
            while (description < line.length() && line.charAt(description) == ' ') {
                description++;
            }
            if (description < line.length() / 2) {
                return description;
            }
        }
        return lead;
    }
}
