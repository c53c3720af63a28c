using System.Net;
using Gate.Core;
using Octokit;

namespace Gate.GitHub.Publishing;

/// <summary>
/// <see cref="IReportPublisher"/> on Octokit. 403/404 become <see cref="PublishStatus.Denied"/> (fork PRs, read-only
/// tokens), 422 and persistent 5xx become <see cref="PublishStatus.Failed"/>, 401 is an environment error (the
/// token is wrong). A 5xx or a dropped connection is retried a bounded number of times. The token is given to
/// Octokit's credentials only and removed from every message this class returns.
/// </summary>
public sealed class OctokitReportPublisher : IReportPublisher
{
    private const int MaxAttempts = 3;
    private readonly GitHubClient _client;
    private readonly string _owner;
    private readonly string _repository;
    private readonly string _token;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _time;

    /// <param name="apiUrl">REST API base, e.g. https://api.github.com or https://ghe.example.com/api/v3.</param>
    /// <param name="token">The workflow token (or a PAT); never logged.</param>
    /// <param name="owner">Repository owner.</param>
    /// <param name="repository">Repository name.</param>
    /// <param name="retryDelay">Delay before the first retry of a 5xx; doubled for the next. Default 1 s.</param>
    /// <param name="time">Clock used for the retry delay.</param>
    public OctokitReportPublisher(Uri apiUrl, string token, string owner, string repository, TimeSpan? retryDelay = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _client = new GitHubClient(new ProductHeaderValue("gate", typeof(OctokitReportPublisher).Assembly.GetName().Version?.ToString(3)), apiUrl)
        {
            Credentials = new Credentials(token),
        };
        _owner = owner;
        _repository = repository;
        _token = token;
        _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<PublishOutcome> UpsertStickyCommentAsync(int pullRequest, string marker, Func<string?, string> compose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        ArgumentNullException.ThrowIfNull(compose);

        // The whole find-then-write is retried, so a 5xx on create that GitHub did apply is found on the next
        // attempt and updated instead of duplicated.
        return GuardAsync("PR comment", async () =>
        {
            var comments = await _client.Issue.Comment
                .GetAllForIssue(_owner, _repository, pullRequest, new ApiOptions { PageSize = 100 })
                .ConfigureAwait(false);
            var existing = comments.Where(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true).MinBy(c => c.Id);
            if (existing is null)
            {
                var created = await _client.Issue.Comment.Create(_owner, _repository, pullRequest, compose(null)).ConfigureAwait(false);
                return new PublishOutcome(PublishStatus.Created, created.Id, $"created comment {created.Id} on #{pullRequest}");
            }

            var updated = await _client.Issue.Comment.Update(_owner, _repository, existing.Id, compose(existing.Body)).ConfigureAwait(false);
            return new PublishOutcome(PublishStatus.Updated, updated.Id, $"updated comment {updated.Id} on #{pullRequest}");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PublishOutcome> PublishCheckRunAsync(CheckRunPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var batches = plan.Batches;
        long? id = null;
        var outcome = await GuardAsync("check run", async () =>
        {
            var run = new NewCheckRun(plan.Name, plan.HeadSha)
            {
                Status = CheckStatus.Completed,
                Conclusion = ToConclusion(plan.Conclusion),
                Output = Output(plan, batches[0]),
            };
            var created = await _client.Check.Run.Create(_owner, _repository, run).ConfigureAwait(false);
            id = created.Id;
            return new PublishOutcome(PublishStatus.Created, created.Id, $"created check run {created.Id}");
        }, cancellationToken).ConfigureAwait(false);

        if (!outcome.Succeeded || id is not { } runId)
        {
            return outcome;
        }

        for (var i = 1; i < batches.Count; i++)
        {
            var batch = batches[i];
            var update = await GuardAsync("check run annotations", async () =>
            {
                await _client.Check.Run.Update(_owner, _repository, runId, new CheckRunUpdate { Output = Output(plan, batch) }).ConfigureAwait(false);
                return new PublishOutcome(PublishStatus.Updated, runId, string.Empty);
            }, cancellationToken).ConfigureAwait(false);
            if (!update.Succeeded)
            {
                return update with { Id = runId };
            }
        }

        var sent = plan.Annotations.Count;
        return new PublishOutcome(PublishStatus.Created, runId, $"created check run {runId} with {sent} annotation{(sent == 1 ? string.Empty : "s")} in {batches.Count} request{(batches.Count == 1 ? string.Empty : "s")}");
    }

    private static NewCheckRunOutput Output(CheckRunPlan plan, IReadOnlyList<CheckAnnotation> batch) => new(plan.Title, plan.Summary)
    {
        Text = plan.Text,
        Annotations = batch.Select(ToOctokit).ToList(),
    };

    private static NewCheckRunAnnotation ToOctokit(CheckAnnotation a) =>
        new(a.Path, a.StartLine, a.EndLine, a.Level switch
        {
            AnnotationLevel.Failure => CheckAnnotationLevel.Failure,
            AnnotationLevel.Warning => CheckAnnotationLevel.Warning,
            _ => CheckAnnotationLevel.Notice,
        }, a.Message)
        {
            Title = a.Title,
        };

    private static CheckConclusion ToConclusion(string conclusion) => conclusion switch
    {
        "success" => CheckConclusion.Success,
        "failure" => CheckConclusion.Failure,
        _ => CheckConclusion.Neutral,
    };

    private async Task<PublishOutcome> GuardAsync(string what, Func<Task<PublishOutcome>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (AuthorizationException)
            {
                throw new GateEnvironmentException($"GitHub rejected the token (401) while publishing the {what}; check the action's 'token' input");
            }
            catch (RateLimitExceededException ex)
            {
                return new PublishOutcome(PublishStatus.Failed, null, $"{what}: GitHub rate limit exceeded ({Clean(ex.Message)})");
            }
            catch (ForbiddenException ex)
            {
                return Denied(what, 403, ex.Message);
            }
            catch (NotFoundException ex)
            {
                return Denied(what, 404, ex.Message);
            }
            catch (ApiValidationException ex)
            {
                return new PublishOutcome(PublishStatus.Failed, null, $"{what}: GitHub rejected the request (422: {Clean(ex.Message)})");
            }
            catch (ApiException ex) when ((int)ex.StatusCode >= 500 || ex.StatusCode == HttpStatusCode.TooManyRequests)
            {
                if (attempt >= MaxAttempts)
                {
                    return new PublishOutcome(PublishStatus.Failed, null, $"{what}: GitHub kept failing ({(int)ex.StatusCode} after {attempt} attempts)");
                }
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= MaxAttempts)
                {
                    return new PublishOutcome(PublishStatus.Failed, null, $"{what}: GitHub API unreachable after {attempt} attempts ({Clean(ex.Message)})");
                }
            }

            await Task.Delay(_retryDelay * (1 << (attempt - 1)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private PublishOutcome Denied(string what, int status, string message) =>
        new(PublishStatus.Denied, null, $"{what}: GitHub refused ({status}: {Clean(message)})");

    private string Clean(string? message) =>
        (message ?? string.Empty).Replace(_token, "***", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim();
}
