using System.Globalization;
using System.Text.Json;
using Gate.Core;

namespace Gate.GitHub;

/// <summary>
/// Where a report goes, read from the Actions environment (<c>GITHUB_REPOSITORY</c>, <c>GITHUB_EVENT_PATH</c>,
/// <c>GITHUB_SHA</c>, <c>GITHUB_API_URL</c>, <c>GITHUB_STEP_SUMMARY</c>, <c>GITHUB_OUTPUT</c>, …). The token is
/// deliberately not part of it: it goes straight to the publisher and is never formatted.
/// </summary>
public sealed record GitHubRunContext
{
    public required string Owner { get; init; }

    public required string Repository { get; init; }

    /// <summary>The pull request number, or null outside a <c>pull_request</c> event (no comment then).</summary>
    public int? PullRequest { get; init; }

    /// <summary>The commit the check run is attached to: the PR head sha, else <c>GITHUB_SHA</c>.</summary>
    public string? HeadSha { get; init; }

    /// <summary>The REST API base URL (<c>GITHUB_API_URL</c>, default https://api.github.com).</summary>
    public Uri ApiUrl { get; init; } = new("https://api.github.com");

    /// <summary>The job summary file (<c>GITHUB_STEP_SUMMARY</c>), when set.</summary>
    public string? StepSummaryPath { get; init; }

    /// <summary>The step outputs file (<c>GITHUB_OUTPUT</c>), when set.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The checkout root (<c>GITHUB_WORKSPACE</c>): finding paths are made relative to it.</summary>
    public string? Workspace { get; init; }

    /// <summary>A link to the workflow run, when the environment says which one.</summary>
    public string? RunUrl { get; init; }

    /// <summary>
    /// Reads the context from environment variables; <paramref name="pullRequest"/>, <paramref name="sha"/> and
    /// <paramref name="repository"/> override what the event says.
    /// </summary>
    public static GitHubRunContext FromEnvironment(Func<string, string?> env, string? repository = null, int? pullRequest = null, string? sha = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        var slug = repository ?? env("GITHUB_REPOSITORY");
        if (string.IsNullOrWhiteSpace(slug) || slug.Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name])
        {
            throw new GateUsageException(
                $"repository '{slug ?? string.Empty}' is not OWNER/NAME",
                position: null,
                hint: "run inside GitHub Actions (GITHUB_REPOSITORY) or pass --repository OWNER/NAME");
        }

        var (eventPr, eventSha) = ReadEvent(env("GITHUB_EVENT_PATH"));
        var apiUrl = env("GITHUB_API_URL");
        var server = env("GITHUB_SERVER_URL");
        var runId = env("GITHUB_RUN_ID");
        return new GitHubRunContext
        {
            Owner = owner,
            Repository = name,
            PullRequest = pullRequest ?? eventPr,
            HeadSha = sha ?? eventSha ?? NullIfEmpty(env("GITHUB_SHA")),
            ApiUrl = string.IsNullOrWhiteSpace(apiUrl) ? new Uri("https://api.github.com") : ParseUrl(apiUrl),
            StepSummaryPath = NullIfEmpty(env("GITHUB_STEP_SUMMARY")),
            OutputPath = NullIfEmpty(env("GITHUB_OUTPUT")),
            Workspace = NullIfEmpty(env("GITHUB_WORKSPACE")),
            RunUrl = string.IsNullOrWhiteSpace(server) || string.IsNullOrWhiteSpace(runId)
                ? null
                : $"{server.TrimEnd('/')}/{owner}/{name}/actions/runs/{runId}",
        };
    }

    private static Uri ParseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new GateUsageException($"GITHUB_API_URL '{value}' is not an http(s) URL", position: null, hint: "unset it to use https://api.github.com");

    private static (int? PullRequest, string? HeadSha) ReadEvent(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (!document.RootElement.TryGetProperty("pull_request", out var pr) || pr.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            int? number = pr.TryGetProperty("number", out var n) && n.TryGetInt32(out var value) ? value : null;
            string? sha = pr.TryGetProperty("head", out var head) && head.TryGetProperty("sha", out var s) ? s.GetString() : null;
            return (number, sha);
        }
        catch (JsonException ex)
        {
            throw new GateUsageException(
                "GITHUB_EVENT_PATH is not a JSON event payload: " + ex.Message.Split(". ")[0],
                new Core.Manifests.SourcePosition(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1));
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A path as annotations want it: relative to the workspace, forward slashes.</summary>
    public string RelativePath(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = file;
        if (Workspace is not null && Path.IsPathRooted(file))
        {
            var relative = Path.GetRelativePath(Workspace, file);
            path = relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
        }

        path = path.Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

    /// <summary>A short commit id for display, e.g. <c>abc1234</c>.</summary>
    public string ShortSha => HeadSha is { Length: > 7 } s ? s[..7] : HeadSha ?? "local";

    internal string PullRequestText => PullRequest?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
