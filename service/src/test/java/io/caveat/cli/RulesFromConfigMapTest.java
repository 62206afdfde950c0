package io.caveat.cli;

import static io.caveat.cli.EvaluateCommandTest.caveat;
import static org.assertj.core.api.Assertions.assertThat;

import io.caveat.KubeletVolume;
import io.caveat.TestPaths;
import io.caveat.engine.RuleFile;
import io.caveat.engine.RuleSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules as the service reads them in a pod: `caveat rules configmap`, mounted the way the kubelet mounts it. */
class RulesFromConfigMapTest {
    @TempDir
    Path dir;

    @Test
    void aMountedRulesConfigMapLoadsEveryLimitationOnceAndItsScenariosRun() throws Exception {
        EvaluateCommandTest.Run generated = caveat("rules", "configmap", TestPaths.knowledgeBase().toString(),
                "-n", "caveat-test");
        assertThat(generated.status()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("kind: ConfigMap", "namespace: caveat-test",
                "limitations__KL-001-cven-paired-enforced__limitation.yaml");
        KubeletVolume volume = new KubeletVolume(dir.resolve("etc/caveat/rules"));
        volume.write(KubeletVolume.payload(generated.out()));
        assertThat(volume.dir().resolve("..data")).isSymbolicLink();

        EvaluateCommandTest.Run list = caveat("rules", "list", "--rules", volume.dir().toString());
        assertThat(list.status()).as(list.err()).isZero();
        List<String> listed = Arrays.stream(list.out().split("\n")).skip(1).filter(l -> l.startsWith("KL-"))
                .map(l -> l.split(" ")[0]).sorted().toList();
        assertThat(listed).isEqualTo(TestPaths.limitationIds(TestPaths.knowledgeBase()));
        assertThat(contents(RuleSource.directory(volume.dir())))
                .isEqualTo(contents(RuleSource.directory(TestPaths.knowledgeBase())));

        EvaluateCommandTest.Run test = caveat("rules", "test", volume.dir().toString());
        assertThat(test.status()).as(test.out()).isZero();
        assertThat(test.out()).doesNotContain("__").contains("PASS KL-001  limitations/KL-001-cven-paired-enforced/");
    }

    @Test
    void aVolumeWhoseItemsGiveFolderPathsLoadsOnce() throws Exception {
        Map<String, byte[]> payload = new LinkedHashMap<>();
        Path kb = TestPaths.knowledgeBase();
        try (Stream<Path> walk = Files.walk(kb)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                payload.put(kb.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        KubeletVolume volume = new KubeletVolume(dir.resolve("rules"));
        volume.write(payload);
        volume.write(payload);
        assertThat(contents(RuleSource.directory(volume.dir()))).isEqualTo(contents(RuleSource.directory(kb)));
    }

    @Test
    void aFileNameThatNoKeyCanHoldIsRefusedWithItsPath() throws Exception {
        Path rules = TestPaths.copyTree(TestPaths.knowledgeBase(), dir.resolve("rules"));
        Files.writeString(rules.resolve("limitations/notes__old.txt"), "x");
        EvaluateCommandTest.Run run = caveat("rules", "configmap", rules.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("limitations/notes__old.txt: cannot be a ConfigMap key");
        assertThat(run.out()).isEmpty();
    }

    private static Map<String, String> contents(List<RuleFile> files) {
        Map<String, String> byName = new LinkedHashMap<>();
        files.forEach(f -> byName.put(f.name(), f.text()));
        return byName;
    }
}
