package io.caveat.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caveat.engine.KnowledgeBase;
import io.caveat.engine.RuleCompiler;
import io.caveat.engine.RuleLoadException;
import io.caveat.engine.RuleSource;
import io.caveat.engine.RulesDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * caveat rules configmap: the rules directory as one ConfigMap, each file a key ({@link RulesDirectory#key}), for
 * the service to mount and reload. Only rules that compile are written.
 */
@Command(name = "configmap", mixinStandardHelpOptions = true,
        description = {"Print the rules directory as a ConfigMap for the service to mount (every file, scenarios "
                + "included; '/' in a path becomes \"__\" in its key).",
                "Apply it server-side: it is too large for kubectl's last-applied annotation:",
                "  caveat rules configmap rules | kubectl apply --server-side -f -"},
        footer = {"", "Exit status: 0 written; 2 the rules do not load or do not fit in a ConfigMap."})
final class RulesConfigMap implements Callable<Integer> {
    /** What the API server accepts in one object (etcd's 1.5 MiB limit, less room for metadata). */
    static final int MAX_BYTES = 1_000_000;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "rules directory (default: $CAVEAT_RULES)")
    Path directory;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "caveat-rules",
            description = "the ConfigMap's name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "illumio-system",
            description = "its namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path tree;
        KnowledgeBase kb;
        try {
            tree = RulesCommand.directory(directory);
            kb = RuleCompiler.compile(RuleSource.directory(tree));
        } catch (RuleLoadException e) {
            e.diagnostics().forEach(err::println);
            err.println("caveat: the rules do not load; nothing written (" + e.diagnostics().size() + " problem(s))");
            return Main.EXIT_INPUT;
        }
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, String> binary = new LinkedHashMap<>();
        long bytes = 0;
        for (Path file : files(tree)) {
            String key = RulesDirectory.key(tree.relativize(file).toString().replace('\\', '/'));
            byte[] content = Files.readAllBytes(file);
            bytes += key.length() + content.length;
            String text = utf8(content);
            if (text != null) {
                data.put(key, text);
            } else {
                binary.put(key, Base64.getEncoder().encodeToString(content));
            }
        }
        if (bytes > MAX_BYTES) {
            err.printf("caveat: the rules come to %,d bytes, more than a ConfigMap holds (%,d): mount them from a "
                    + "git-sync volume instead (docs/deploy/README.md)%n", bytes, MAX_BYTES);
            return Main.EXIT_INPUT;
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("labels", Map.of("app.kubernetes.io/name", "caveat", "app.kubernetes.io/component", "rules"));
        metadata.put("annotations", Map.of("caveat.io/knowledge-base", kb.version()));
        Map<String, Object> configMap = new LinkedHashMap<>();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        configMap.put("metadata", metadata);
        configMap.put("data", data);
        if (!binary.isEmpty()) {
            configMap.put("binaryData", binary);
        }
        YAMLMapper yaml = YAMLMapper.builder().enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
        PrintWriter out = spec.commandLine().getOut();
        out.print(yaml.writeValueAsString(configMap));
        out.flush();
        err.printf("caveat: ConfigMap %s/%s: %d files, %,d bytes, knowledge base %s%n", namespace, name,
                data.size() + binary.size(), bytes, kb.version());
        return 0;
    }

    /** Every file below the tree but hidden ones (an editor's or the kubelet's). */
    private static List<Path> files(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                for (Path part : tree.relativize(p)) {
                    if (part.toString().startsWith(".")) {
                        return false;
                    }
                }
                return true;
            }).sorted().toList();
        }
    }

    /** The text of a file that is valid UTF-8, else null (it goes into binaryData). */
    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
