using System.CommandLine;

namespace Gate.Cli.Commands.GitHub;

/// <summary><c>gate github report</c>: publish a check report to a pull request (used by the GitHub Action).</summary>
public static class GitHubCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("github", "GitHub integration used by the Action.");
        var report = new Command("report", "Publish a 'gate check --format json' report: sticky PR comment, check run, job summary.");
        report.Options.Add(new Option<string>("--report") { Description = "The JSON report written by 'gate check --format json'.", Required = true });
        report.Options.Add(new Option<bool>("--comment") { Description = "Create or update the sticky PR comment.", DefaultValueFactory = _ => true });
        report.Options.Add(new Option<bool>("--check-run") { Description = "Create a check run with annotations.", DefaultValueFactory = _ => true });
        report.SetAction((_, _) => NotAvailable.Fail("gate github report"));
        command.Subcommands.Add(report);
        return command;
    }
}
