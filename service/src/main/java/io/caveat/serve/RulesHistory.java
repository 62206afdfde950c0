package io.caveat.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The versions of a rules directory, kept in a git repository beside the rules ({@code .caveat-history} in the
 * directory, its work tree the directory itself, so that analysts can also read it with git). Each change made
 * through the service is a commit: who (the token's role), when, the comment, the knowledge base's hash. The
 * first change first records the rules as caveat found them.
 */
final class RulesHistory {
    static final String FOLDER = ".caveat-history";
    private static final String KB_TRAILER = "Knowledge-Base: ";

    /** One version: its id (a commit), when, who, the comment, the knowledge base it compiles to. */
    record Version(String version, String at, String who, String comment, String knowledgeBase) {
    }

    private final Path directory;

    RulesHistory(Path directory) {
        this.directory = directory;
    }

    /** Records the directory as it now is; returns the new version (the current one when nothing changed). */
    synchronized Version record(String who, String comment, String knowledgeBase) {
        try (Git git = open()) {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            if (git.status().call().isClean() && head(git) != null) {
                return version(head(git));
            }
            PersonIdent person = new PersonIdent(who, who + "@caveat");
            RevCommit commit = git.commit().setMessage(comment + "\n\n" + KB_TRAILER + knowledgeBase)
                    .setAuthor(person).setCommitter(person).setAllowEmpty(true).call();
            return version(commit);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("the rules' history cannot be written: " + e.getMessage(), e);
        }
    }

    /** Records the rules as found before the first change, so that it can be restored. */
    synchronized void start(String knowledgeBase) {
        try (Git git = open()) {
            if (head(git) == null) {
                record("caveat", "the rules as caveat found them", knowledgeBase);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Newest first. */
    synchronized List<Version> versions() {
        try (Git git = open()) {
            List<Version> out = new ArrayList<>();
            if (head(git) == null) {
                return out;
            }
            for (RevCommit commit : git.log().call()) {
                out.add(version(commit));
            }
            return out;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("the rules' history cannot be read: " + e.getMessage(), e);
        }
    }

    /** The version's change against its predecessor, as a unified diff. */
    synchronized String diff(String version) {
        try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit commit = walk.parseCommit(resolve(git, version));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DiffFormatter format = new DiffFormatter(out); ObjectReader reader = git.getRepository()
                    .newObjectReader()) {
                format.setRepository(git.getRepository());
                AbstractTreeIterator before = commit.getParentCount() == 0 ? new EmptyTreeIterator()
                        : new CanonicalTreeParser(null, reader, walk.parseCommit(commit.getParent(0)).getTree());
                format.format(before, new CanonicalTreeParser(null, reader, commit.getTree()));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a version: path under the rules directory -> content. */
    synchronized Map<String, byte[]> files(String version) {
        try (Git git = open(); RevWalk walk = new RevWalk(git.getRepository());
             TreeWalk tree = new TreeWalk(git.getRepository())) {
            tree.addTree(walk.parseCommit(resolve(git, version)).getTree());
            tree.setRecursive(true);
            Map<String, byte[]> files = new LinkedHashMap<>();
            while (tree.next()) {
                files.put(tree.getPathString(), git.getRepository().open(tree.getObjectId(0)).getBytes());
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Version find(String version) {
        return versions().stream().filter(v -> v.version().equals(version)).findFirst()
                .orElseThrow(() -> new NotFound("no version " + version + " in the rules' history"));
    }

    private ObjectId resolve(Git git, String version) throws IOException {
        find(version);
        return git.getRepository().resolve(version);
    }

    private static RevCommit head(Git git) throws IOException {
        ObjectId head = git.getRepository().resolve("HEAD");
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(head);
        }
    }

    private static Version version(RevCommit commit) {
        String message = commit.getFullMessage();
        int trailer = message.lastIndexOf(KB_TRAILER);
        String kb = trailer < 0 ? null : message.substring(trailer + KB_TRAILER.length()).strip();
        String comment = (trailer < 0 ? message : message.substring(0, trailer)).strip();
        return new Version(commit.getName().substring(0, 12), Instant.ofEpochSecond(commit.getCommitTime()).toString(),
                commit.getAuthorIdent().getName(), comment, kb);
    }

    /** The repository, made on first use; it never records itself. */
    private Git open() throws IOException {
        Path gitDir = directory.resolve(FOLDER);
        if (!Files.isDirectory(gitDir)) {
            try {
                Git.init().setGitDir(gitDir.toFile()).setDirectory(directory.toFile()).setInitialBranch("main")
                        .call().close();
            } catch (GitAPIException e) {
                throw new IOException(e.getMessage(), e);
            }
            Files.createDirectories(gitDir.resolve("info"));
            Files.writeString(gitDir.resolve("info/exclude"), "/" + FOLDER + "/\n");
        }
        Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(directory.toFile())
                .build();
        return new Git(repository, true);
    }
}
