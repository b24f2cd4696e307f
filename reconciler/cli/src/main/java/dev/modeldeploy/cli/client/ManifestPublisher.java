package dev.modeldeploy.cli.client;

import dev.modeldeploy.manifest.Finding;
import dev.modeldeploy.manifest.edit.RolloutAbort;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * create, edit and delete as Git commits to the repository the daemon watches (GitOps: the daemon applies what
 * lands there). Each validates first, changes only the documents it names, and pushes one commit.
 */
final class ManifestPublisher {

    private final DaemonClient daemon;
    private final ClientEnvironment environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private List<Finding> before = List.of();

    ManifestPublisher(DaemonClient daemon, ClientEnvironment environment, PrintWriter out, PrintWriter err) {
        this.daemon = daemon;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    Publication create(ManifestKind kind, Path file, String newBranch) {
        ManifestCheck.Checked checked = ManifestCheck.check(kind, file, err);
        for (ManifestDocuments.Document document : checked.documents()) {
            if (daemon.find(kind, document.id()).isPresent()) {
                throw alreadyExists(kind, document.id(), "the daemon already has it");
            }
        }
        ManifestRepository repository = cloneWatchedRepository();
        try {
            List<String> ids = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (ManifestDocuments.Document document : checked.documents()) {
                Optional<ManifestRepository.Located> existing = repository.find(kind, document.id());
                if (existing.isPresent()) {
                    throw alreadyExists(kind, document.id(), "it is in " + existing.get().file());
                }
                String target = repository.fileFor(document.id());
                if (Files.exists(repository.resolve(target))) {
                    throw new CliException(target + " already exists in the repository and holds other manifests; "
                            + "rename the id or add the document to that file yourself");
                }
                repository.write(target, checked.textOf(document));
                ids.add(document.id());
                files.add(target);
            }
            return publish(kind, "create", ids, files, repository, newBranch);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    Publication edit(ManifestKind kind, Path file, String newBranch) {
        ManifestCheck.Checked checked = ManifestCheck.check(kind, file, err);
        ManifestRepository repository = cloneWatchedRepository();
        try {
            List<String> ids = new ArrayList<>();
            List<String> files = new ArrayList<>();
            for (ManifestDocuments.Document document : checked.documents()) {
                ManifestRepository.Located existing = repository.find(kind, document.id())
                        .orElseThrow(() -> notInRepository(kind, document.id(), "create"));
                String current = repository.read(existing.file());
                boolean onlyDocument = ManifestDocuments.split(current).size() == 1;
                String updated = onlyDocument
                        ? checked.textOf(document)
                        : ManifestDocuments.replace(current, existing.document(), document.text());
                repository.write(existing.file(), updated);
                ids.add(document.id());
                files.add(existing.file());
            }
            return publish(kind, "edit", ids, files, repository, newBranch);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    Publication delete(ManifestKind kind, String id, String newBranch) {
        ManifestRepository repository = cloneWatchedRepository();
        try {
            ManifestRepository.Located existing = repository.find(kind, id)
                    .orElseThrow(() -> notInRepository(kind, id, null));
            String rest = ManifestDocuments.remove(repository.read(existing.file()), existing.document());
            if (rest == null) {
                repository.delete(existing.file());
            } else {
                repository.write(existing.file(), rest);
            }
            return publish(kind, "delete", List.of(id), List.of(existing.file()), repository, newBranch);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /**
     * Stops a route's rollout through Git: sets spec.rollout.abort: true in the route's document, changing only that
     * line, and commits it. The daemon then sends all the route's traffic to the stable deployment.
     */
    Publication abortRollout(String id, String newBranch) {
        ManifestKind kind = ManifestKind.ROUTE;
        ManifestRepository repository = cloneWatchedRepository();
        try {
            ManifestRepository.Located existing = repository.find(kind, id)
                    .orElseThrow(() -> notInRepository(kind, id, null));
            String current = repository.read(existing.file());
            String aborted;
            try {
                aborted = RolloutAbort.apply(current, id);
            } catch (IllegalArgumentException e) {
                throw new CliException("cannot abort the rollout of route \"" + id + "\" in " + existing.file() + ": "
                        + e.getMessage());
            }
            repository.write(existing.file(), aborted);
            return publish(kind, "rollout abort", List.of(id), List.of(existing.file()), repository, newBranch);
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /** A clone of the watched repository, and what the validator finds there before the change. */
    private ManifestRepository cloneWatchedRepository() {
        ManifestRepository repository = ManifestRepository.cloneFrom(daemon.source(), environment);
        before = ManifestValidator.validateFolder(repository.folder(), repository.folderInRepository());
        return repository;
    }

    private Publication publish(ManifestKind kind, String verb, List<String> ids, List<String> files,
                                ManifestRepository repository, String newBranch) {
        refuseNewFindings(repository, verb);
        String message = kind.command() + " " + verb + " " + String.join(", ", ids) + " (modeldeploy CLI)";
        String branch = newBranch == null ? repository.branch() : newBranch;
        String commit = repository.commitAndPush(message, branch);
        if (commit == null) {
            out.println("nothing to commit: " + String.join(", ", files) + " already "
                    + (files.size() == 1 ? "holds" : "hold") + " exactly this");
            return new Publication(null, branch, false, ids, repository);
        }
        out.println("committed " + Tables.shortSha(commit) + " \"" + message + "\" (" + String.join(", ", files)
                + ") and pushed it to " + branch);
        if (newBranch != null) {
            out.println("open a pull request from " + newBranch + " into " + repository.branch()
                    + "; the daemon applies it once merged");
        }
        return new Publication(commit, branch, newBranch == null, ids, repository);
    }

    /**
     * The repository's manifests are validated together after the change, as the daemon will: a route that names a
     * deployment that is not there, or a deletion that leaves a route without its deployment, stops here.
     */
    private void refuseNewFindings(ManifestRepository repository, String verb) {
        List<Finding> introduced = ManifestValidator.introduced(before, ManifestValidator.validateFolder(
                repository.folder(), repository.folderInRepository()));
        if (!introduced.isEmpty()) {
            introduced.forEach(f -> err.println(f.toText()));
            throw new CliException("after this " + verb + " the repository's manifests would not be valid ("
                    + introduced.size() + (introduced.size() == 1 ? " problem" : " problems")
                    + ", named by their place in the repository); nothing was committed");
        }
    }

    private static CliException alreadyExists(ManifestKind kind, String id, String where) {
        return new CliException(kind.command() + " \"" + id + "\" already exists (" + where
                + "); to change it use: modeldeploy " + kind.command() + " edit -f FILE");
    }

    private static CliException notInRepository(ManifestKind kind, String id, String alternative) {
        return new CliException("entity \"" + id + "\" is not found in the repository"
                + (alternative == null ? "" : "; to add it use: modeldeploy " + kind.command() + " " + alternative + " -f FILE"));
    }
}
