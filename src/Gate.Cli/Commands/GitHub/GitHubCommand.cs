using System.CommandLine;
using Gate.GitHub;
using Gate.GitHub.Publishing;
using Gate.GitHub.Reports;

namespace Gate.Cli.Commands.GitHub;

/// <summary><c>gate github report</c>: publish check reports to a pull request (used by the GitHub Action).</summary>
public static class GitHubCommand
{
    /// <summary>Environment variables the token is read from, in order. It is never a command-line option.</summary>
    public static readonly string[] TokenVariables = ["GATE_GITHUB_TOKEN", "GITHUB_TOKEN"];

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("github", "GitHub integration used by the Action.");
        var report = new Command(
            "report",
            "Publish 'gate check --format json' reports: sticky PR comment, check run with annotations, job summary, SARIF, step outputs. "
            + "The token is read from $GATE_GITHUB_TOKEN or $GITHUB_TOKEN; the target from the GITHUB_* environment.");
        var reports = new Option<string[]>("--report")
        {
            Description = "A JSON report of 'gate check --format json' (repeat for several cluster sizes). FILE.md and FILE.sarif beside it are used when present; the file name is the run's label.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var comment = new Option<bool>("--comment") { Description = "Create or update the sticky PR comment.", DefaultValueFactory = _ => true };
        var checkRun = new Option<bool>("--check-run") { Description = "Create a check run with annotations on the head commit.", DefaultValueFactory = _ => true };
        var annotations = new Option<bool>("--annotations") { Description = "Print workflow-command annotations.", DefaultValueFactory = _ => true };
        var summary = new Option<bool>("--summary") { Description = "Append the report to $GITHUB_STEP_SUMMARY.", DefaultValueFactory = _ => true };
        var checkName = new Option<string>("--check-name") { Description = "Name of the check run.", DefaultValueFactory = _ => "Gate" };
        var commentKey = new Option<string?>("--comment-key") { Description = "Keeps one sticky comment per key (e.g. per matrix entry); default one per PR." };
        var sarif = new Option<string?>("--sarif-output") { Description = "Write the SARIF of the runs (merged when several) to this file for upload-sarif." };
        var markdown = new Option<string?>("--markdown-output") { Description = "Write the full Markdown report (the job summary text) to this file." };
        var repository = new Option<string?>("--repository") { Description = "OWNER/NAME (default $GITHUB_REPOSITORY)." };
        var pullRequest = new Option<int?>("--pull-request") { Description = "Pull request number (default: from $GITHUB_EVENT_PATH)." };
        var sha = new Option<string?>("--sha") { Description = "Commit for the check run (default: the PR head, else $GITHUB_SHA)." };
        foreach (var option in new Option[] { reports, comment, checkRun, annotations, summary, checkName, commentKey, sarif, markdown, repository, pullRequest, sha })
        {
            report.Options.Add(option);
        }

        report.SetAction(async (parse, cancellationToken) =>
        {
            var set = new ReportSet(parse.GetRequiredValue(reports).Select(p => CheckReportReader.Load(context.ResolvePath(p), p)).ToList());
            var run = GitHubRunContext.FromEnvironment(context.GetEnvironmentVariable, parse.GetValue(repository), parse.GetValue(pullRequest), parse.GetValue(sha));
            var token = TokenVariables.Select(context.GetEnvironmentVariable).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
            var publisher = token is null ? null : new OctokitReportPublisher(run.ApiUrl, token, run.Owner, run.Repository, time: context.Clock);
            var options = new ReportOptions
            {
                Comment = parse.GetValue(comment),
                CheckRun = parse.GetValue(checkRun),
                Annotations = parse.GetValue(annotations),
                Summary = parse.GetValue(summary),
                CheckName = parse.GetValue(checkName) ?? "Gate",
                CommentKey = parse.GetValue(commentKey),
                SarifOutput = parse.GetValue(sarif) is { Length: > 0 } s ? context.ResolvePath(s) : null,
                MarkdownOutput = parse.GetValue(markdown) is { Length: > 0 } m ? context.ResolvePath(m) : null,
            };
            var result = await new GitHubReporter(publisher, context.Out).PublishAsync(set, run, options, cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        });
        command.Subcommands.Add(report);
        return command;
    }
}
