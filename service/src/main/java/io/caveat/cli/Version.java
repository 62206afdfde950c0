package io.caveat.cli;

import io.caveat.engine.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * caveat's version (Maven's, from the jar's manifest), the commit it was built from (git-commit-id-maven-plugin's
 * caveat-git.properties) and the knowledge base it would run: the hash that evaluations report, and where the
 * rules come from. The rules are hashed, not compiled, so this stays instant.
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        Properties git = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/caveat-git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            // no build information: said below
        }
        String commit = git.getProperty("git.commit.id.abbrev");
        String built = commit == null ? "commit unknown"
                : "commit " + commit + ("true".equals(git.getProperty("git.dirty")) ? " with local changes" : "")
                + ", " + git.getProperty("git.commit.time", "");
        String rules = System.getenv(RulesOption.ENV);
        String from = rules == null || rules.isBlank() ? "the rules bundled in caveat" : rules + " ($CAVEAT_RULES)";
        String kb;
        try {
            kb = "knowledge base " + KnowledgeBase.versionOf(RulesOption.files(null)) + " from " + from;
        } catch (RuntimeException e) {
            kb = "knowledge base unreadable from " + from + ": " + e.getMessage();
        }
        return new String[]{"caveat " + (version == null ? "dev" : version) + " (" + built + ")", kb};
    }
}
