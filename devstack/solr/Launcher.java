// Development launcher for a standalone Solr 9 node, used by devstack/solr.sh.
//
// Runs Solr in-process through JettySolrRunner (from solr-test-framework),
// which binds its HTTP connector to 127.0.0.1 only and serves /solr.
//
// Usage: java -cp 'LIB/*:CLASSES' Launcher SOLR_HOME PORT PID_FILE
//
// The system properties solr.solr.home, solr.install.dir and solr.log.dir are
// expected on the command line (-D...); defaults are derived from SOLR_HOME.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class Launcher {

  private static void log(String msg) {
    System.out.println("[solr-launcher] " + msg);
    System.out.flush();
  }

  private static void writePid(Path pidFile) throws IOException {
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.write(tmp, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: Launcher SOLR_HOME PORT PID_FILE");
      System.exit(2);
    }
    final Path home = Paths.get(args[0]).toAbsolutePath().normalize();
    final int port = Integer.parseInt(args[1]);
    final Path pidFile = Paths.get(args[2]).toAbsolutePath();

    setDefault("solr.solr.home", home.toString());
    setDefault("solr.install.dir", home.getParent().toString());
    setDefault("solr.log.dir", home.getParent().resolve("logs").toString());

    writePid(pidFile);

    final JettySolrRunner runner =
        new JettySolrRunner(
            home.toString(),
            new Properties(),
            JettyConfig.builder().setPort(port).stopAtShutdown(false).build());

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log("shutting down");
                  try {
                    runner.stop();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                  log("stopped");
                },
                "solr-launcher-shutdown"));

    log("starting Solr on http://127.0.0.1:" + port + "/solr (home " + home + ")");
    try {
      runner.start();
    } catch (Exception e) {
      log("FAILED to start: " + e);
      e.printStackTrace();
      System.exit(1);
    }

    CoreContainer cc = runner.getCoreContainer();
    if (cc == null) {
      log("FAILED: no CoreContainer after start");
      System.exit(1);
    }
    log("started; cores: " + cc.getAllCoreNames());
    for (Map.Entry<String, CoreContainer.CoreLoadFailure> f : cc.getCoreInitFailures().entrySet()) {
      Throwable t = f.getValue().exception;
      while (t.getCause() != null) t = t.getCause();
      log("core '" + f.getKey() + "' failed to load: " + t);
    }

    // Jetty threads keep the JVM alive; park the main thread until shutdown.
    Thread.currentThread().join();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null || System.getProperty(key).isEmpty()) {
      System.setProperty(key, value);
    }
  }
}
