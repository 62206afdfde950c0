package io.caveat.engine;

import io.caveat.model.KnowledgeBaseInfo;
import io.caveat.model.RuleInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * A compiled, validated set of rules. Immutable and shared: each evaluation opens its own session on it.
 *
 * @param rules      one entry per limitation id, in id order
 * @param ruleIds    DRL rule name -> limitation id (several DRL rules may serve one limitation)
 * @param severities DRL rule name -> its own @severity where it overrides the limitation's
 * @param requires   DRL rule name -> the fact kinds it needs: its own @requires, else its limitation's
 * @param warnings   what `rules check` points out about rules that compile (a rule that can never fire...)
 */
public record KnowledgeBase(KieBase kieBase, String version, List<RuleInfo> rules, Map<String, String> ruleIds,
                            Map<String, String> severities, Map<String, List<String>> requires,
                            List<String> warnings) {

    public KnowledgeBaseInfo info() {
        return new KnowledgeBaseInfo(version, rules.size());
    }

    public RuleInfo rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** A short hash of the rule files' names and contents. */
    static String version(List<RuleFile> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleFile file : files) {
                sha.update(file.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.content());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
