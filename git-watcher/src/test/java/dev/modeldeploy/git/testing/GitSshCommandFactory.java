package dev.modeldeploy.git.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Serves {@code git-upload-pack '<repo>'} and {@code git-receive-pack '<repo>'} over SSH with JGit, for bare
 * repositories below a base directory.
 */
final class GitSshCommandFactory implements CommandFactory {

    private final Path basePath;
    private final AtomicInteger packsSent;

    GitSshCommandFactory(Path basePath, AtomicInteger packsSent) {
        this.basePath = basePath.toAbsolutePath().normalize();
        this.packsSent = packsSent;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) throws IOException {
        List<String> words = CommandFactory.split(command);
        if (words.size() != 2 || !(words.get(0).equals("git-upload-pack") || words.get(0).equals("git-receive-pack"))) {
            throw new IOException("unsupported command: " + command);
        }
        String name = words.get(1).replace("'", "");
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        Path repository = basePath.resolve(name).normalize();
        if (!repository.startsWith(basePath) || !Files.isDirectory(repository)) {
            throw new IOException("no such repository: " + name);
        }
        return new GitCommand(words.get(0), repository);
    }

    private final class GitCommand implements Command, Runnable {
        private final String service;
        private final Path repositoryDir;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(String service, Path repositoryDir) {
            this.service = service;
            this.repositoryDir = repositoryDir;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(this, "ssh-" + service);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            int code = 0;
            try (Repository repository = new FileRepositoryBuilder().setGitDir(repositoryDir.toFile())
                    .setMustExist(true).build()) {
                if (service.equals("git-upload-pack")) {
                    UploadPack upload = new UploadPack(repository);
                    upload.setPostUploadHook(statistics -> packsSent.incrementAndGet());
                    upload.upload(in, out, err);
                } else {
                    new ReceivePack(repository).receive(in, out, err);
                }
                out.flush();
            } catch (Exception e) {
                code = 1;
                try {
                    err.write((e + "\n").getBytes(StandardCharsets.UTF_8));
                    err.flush();
                } catch (IOException ignored) {
                    // the channel is gone
                }
            } finally {
                exit.onExit(code);
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
