using Gate.GitHub.Publishing;

namespace Gate.GitHub;

/// <summary>The outcome of publishing: the exit code (policy verdict), what each channel did, the notices shown.</summary>
public sealed record ReportResult(int ExitCode, string Verdict, PublishOutcome? Comment, PublishOutcome? CheckRun, IReadOnlyList<string> Notices);
