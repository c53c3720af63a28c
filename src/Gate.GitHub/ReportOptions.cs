namespace Gate.GitHub;

/// <summary>What <see cref="GitHubReporter"/> publishes; every channel can be switched off.</summary>
public sealed record ReportOptions
{
    /// <summary>Create or update the sticky PR comment (pull_request events only).</summary>
    public bool Comment { get; init; } = true;

    /// <summary>Create a check run with annotations on the head commit.</summary>
    public bool CheckRun { get; init; } = true;

    /// <summary>Print workflow-command annotations to the log.</summary>
    public bool Annotations { get; init; } = true;

    /// <summary>Append the report to <c>$GITHUB_STEP_SUMMARY</c> when it is set.</summary>
    public bool Summary { get; init; } = true;

    /// <summary>Name of the check run.</summary>
    public string CheckName { get; init; } = "Gate";

    /// <summary>Separates sticky comments of several Action steps on one PR (see <c>MarkdownRenderer.Marker</c>).</summary>
    public string? CommentKey { get; init; }

    /// <summary>Write the full Markdown report (what the job summary shows) here.</summary>
    public string? MarkdownOutput { get; init; }

    /// <summary>Write the (merged) SARIF of the runs here, for <c>upload-sarif</c>.</summary>
    public string? SarifOutput { get; init; }
}
