using Gate.Core;
using Gate.GitHub.Publishing;
using Gate.GitHub.Reports;
using Gate.GitHub.Rendering;

namespace Gate.GitHub;

/// <summary>
/// Publishes a <see cref="ReportSet"/> where reviewers look: workflow annotations and the job summary (no
/// permission needed), the sticky PR comment and the check run (write permission needed), the SARIF file and the
/// step outputs. A refused comment or check run (fork PRs, read-only tokens) degrades to summary + annotations
/// with a notice; the exit code follows the policy verdict only.
/// </summary>
public sealed class GitHubReporter
{
    private readonly IReportPublisher? _publisher;
    private readonly TextWriter _log;

    /// <param name="publisher">The GitHub API port, or null when there is no token (comment and check run are skipped).</param>
    /// <param name="log">The step log (standard output): status lines and workflow commands.</param>
    public GitHubReporter(IReportPublisher? publisher, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _publisher = publisher;
        _log = log;
    }

    public async Task<ReportResult> PublishAsync(ReportSet set, GitHubRunContext context, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var notices = new List<string>();

        await _log.WriteLineAsync(
            $"gate: verdict {set.Verdict} ({Plural(set.Count("error"), "error")}, {Plural(set.Count("warning"), "warning")}, {set.SuppressedCount} suppressed); max safe nodes {set.MaxSafe}")
            .ConfigureAwait(false);

        if (options.Annotations)
        {
            foreach (var line in AnnotationBuilder.ForWorkflowCommands(set, context.RelativePath))
            {
                await _log.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        PublishOutcome? comment = null;
        if (options.Comment)
        {
            comment = await PublishCommentAsync(set, context, options, notices, cancellationToken).ConfigureAwait(false);
        }

        PublishOutcome? checkRun = null;
        if (options.CheckRun)
        {
            checkRun = await PublishCheckRunAsync(set, context, options, notices, cancellationToken).ConfigureAwait(false);
        }

        var summary = MarkdownRenderer.RenderJobSummary(set, context, notices);
        if (options.Summary && context.StepSummaryPath is { } summaryPath)
        {
            await File.AppendAllTextAsync(summaryPath, summary, cancellationToken).ConfigureAwait(false);
            await _log.WriteLineAsync("gate: job summary written").ConfigureAwait(false);
        }

        if (options.MarkdownOutput is { Length: > 0 } markdownPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdownPath))!);
            await File.WriteAllTextAsync(markdownPath, summary, cancellationToken).ConfigureAwait(false);
        }

        var outputs = new List<KeyValuePair<string, string>>
        {
            new("verdict", set.Verdict),
            new("max-safe-nodes", set.MaxSafe.ToString()),
        };
        var sarifInputs = set.Reports.Where(r => r.SarifPath is not null).Select(r => r.SarifPath!).ToList();
        if (options.SarifOutput is { Length: > 0 } sarifOutput)
        {
            if (sarifInputs.Count == 0)
            {
                await Notice(notices, "warning", "No SARIF report was found beside the JSON reports (write it with 'gate check --format sarif'); nothing to upload to code scanning.").ConfigureAwait(false);
            }
            else
            {
                SarifMerger.Write(sarifInputs, sarifOutput);
                outputs.Add(new("sarif", sarifOutput));
                await _log.WriteLineAsync($"gate: SARIF written ({Plural(sarifInputs.Count, "run")})").ConfigureAwait(false);
            }
        }

        if (context.OutputPath is { } outputPath)
        {
            ActionOutputs.Append(outputPath, outputs);
        }

        var exit = set.Passed ? ExitCodes.Pass : ExitCodes.PolicyViolation;
        return new ReportResult(exit, set.Verdict, comment, checkRun, notices);
    }

    private async Task<PublishOutcome?> PublishCommentAsync(ReportSet set, GitHubRunContext context, ReportOptions options, List<string> notices, CancellationToken cancellationToken)
    {
        var pr = context.PullRequest.GetValueOrDefault();
        if (!await ReadyAsync(context.PullRequest is not null, "comment skipped: this run is not for a pull request", "comment on the pull request", notices).ConfigureAwait(false))
        {
            return null;
        }

        var marker = MarkdownRenderer.Marker(options.CommentKey);
        var outcome = await _publisher!.UpsertStickyCommentAsync(pr, marker, previous => MarkdownRenderer.RenderComment(set, context, marker, previous), cancellationToken)
            .ConfigureAwait(false);
        await Report("comment", "post the pull request comment", outcome, notices).ConfigureAwait(false);
        return outcome;
    }

    private async Task<PublishOutcome?> PublishCheckRunAsync(ReportSet set, GitHubRunContext context, ReportOptions options, List<string> notices, CancellationToken cancellationToken)
    {
        var sha = context.HeadSha ?? string.Empty;
        if (!await ReadyAsync(context.HeadSha is not null, "check run skipped: no commit sha (GITHUB_SHA or the pull request head)", "create a check run", notices).ConfigureAwait(false))
        {
            return null;
        }

        var plan = new CheckRunPlan
        {
            Name = options.CheckName,
            HeadSha = sha,
            Conclusion = set.Passed ? "success" : "failure",
            Title = CheckTitle(set),
            Summary = TextLimit.Truncate(MarkdownRenderer.RenderOverview(set, context), CheckRunPlan.MaxOutputChars, "_Truncated: see the job summary._"),
            Text = MarkdownRenderer.RenderCheckRunText(set, CheckRunPlan.MaxOutputChars),
            Annotations = AnnotationBuilder.ForCheckRun(set, context.RelativePath),
        };
        var outcome = await _publisher!.PublishCheckRunAsync(plan, cancellationToken).ConfigureAwait(false);
        await Report("check run", "create the check run", outcome, notices).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>True when there is something to publish to and a token to publish with; logs or notes why not.</summary>
    private async Task<bool> ReadyAsync(bool hasTarget, string skipped, string action, List<string> notices)
    {
        if (!hasTarget)
        {
            await _log.WriteLineAsync("gate: " + skipped).ConfigureAwait(false);
            return false;
        }

        if (_publisher is null)
        {
            await Notice(notices, "notice", $"Gate did not {action}: no GitHub token was given. The report is in the job summary and the annotations.").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static string CheckTitle(ReportSet set) =>
        $"{(set.Passed ? "Passed" : "Failed")}: {Plural(set.Count("error"), "error")}, {Plural(set.Count("warning"), "warning")}; max safe nodes {set.MaxSafe.ToDisplay()}";

    private static string Plural(int count, string word) => $"{count} {word}{(count == 1 ? string.Empty : "s")}";

    private async Task Report(string channel, string action, PublishOutcome outcome, List<string> notices)
    {
        switch (outcome.Status)
        {
            case PublishStatus.Created or PublishStatus.Updated:
                await _log.WriteLineAsync($"gate: {channel}: {outcome.Detail}").ConfigureAwait(false);
                break;
            case PublishStatus.Denied:
                await Notice(notices, "notice",
                    $"Gate could not {action}: {outcome.Detail}. Pull requests from forks and read-only tokens cannot write to the repository "
                    + "(the job needs 'pull-requests: write' and 'checks: write'); the report is in the job summary and the annotations.").ConfigureAwait(false);
                break;
            default:
                await Notice(notices, "warning", $"Gate could not {action}: {outcome.Detail}. The report is in the job summary and the annotations.").ConfigureAwait(false);
                break;
        }
    }

    private async Task Notice(List<string> notices, string level, string text)
    {
        notices.Add(text);
        await _log.WriteLineAsync(WorkflowCommands.Annotation(level, text, title: "Gate")).ConfigureAwait(false);
    }
}
