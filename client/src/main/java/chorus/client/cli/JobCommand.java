package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.Job;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl job}: the jobs table. {@code show} and {@code cancel} are Chorus additions (mmctl has {@code job update}). */
@Command(name = "job", description = "Management of jobs",
    subcommands = {JobCommand.ListJobs.class, JobCommand.Show.class, JobCommand.Cancel.class})
final class JobCommand {

  static String describe(Job job) {
    if (job.startAt() > 0) {
      return "  ID: " + job.id() + "\n  Type: " + job.type() + "\n  Status: " + job.status() + "\n  Created: "
          + Instant.ofEpochMilli(job.createAt()) + "\n  Started: " + Instant.ofEpochMilli(job.startAt()) + "\n  Data: " + job.data() + "\n";
    }
    return "  ID: " + job.id() + "\n  Status: " + job.status() + "\n  Created: " + Instant.ofEpochMilli(job.createAt()) + "\n";
  }

  @Command(name = "list", description = "List jobs")
  static final class ListJobs implements Callable<Integer> {
    private final Cli cli;
    @Option(names = "--page", defaultValue = "0", description = "Page number to fetch for the list of jobs") int page;
    @Option(names = "--per-page", defaultValue = "5", description = "Number of jobs to be fetched") int perPage;
    @Option(names = "--all", description = "Fetch all jobs. --page flag will be ignored if provided") boolean all;
    @Option(names = "--ids", split = ",", description = "Comma-separated list of job IDs. All other flags are ignored") List<String> ids;
    @Option(names = "--status", defaultValue = "", description = "Filter by job status") String status;
    @Option(names = "--type", defaultValue = "", description = "Filter by job type") String type;

    ListJobs(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      if (ids != null && !ids.isEmpty()) {
        boolean failed = false;
        for (String id : ids) {
          try {
            cli.output().print(client.job(id), JobCommand::describe);
          } catch (ApiCallException e) {
            cli.err().println(e.serverMessage());
            failed = true;
          }
        }
        return failed ? 1 : 0;
      }
      for (int p = all ? 0 : page; ; p++) {
        List<Job> jobs = client.jobs(type, status, p, perPage);
        if (jobs.isEmpty()) {
          if ((!all || p == 0) && !cli.output().json()) {
            cli.out().println("No jobs found");
          }
          return 0;
        }
        jobs.forEach(j -> cli.output().print(j, JobCommand::describe));
        if (!all) {
          return 0;
        }
      }
    }
  }

  @Command(name = "show", description = "Show one job (Chorus addition)")
  static final class Show implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "job") String id;

    Show(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      cli.output().single();
      cli.output().print(cli.client().job(id), JobCommand::describe);
      return 0;
    }
  }

  @Command(name = "cancel", description = "Ask a pending or running job to stop (Chorus addition)")
  static final class Cancel implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "job") String id;

    Cancel(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      client.cancelJob(id);
      cli.output().single();
      cli.output().print(client.job(id), JobCommand::describe);
      return 0;
    }
  }
}
