namespace Gate.GitHub.Publishing;

/// <summary>
/// The GitHub port of the Action: the two calls that need write permission on the repository. The real
/// implementation is <see cref="OctokitReportPublisher"/>; tests point it at a loopback GitHub API.
/// Neither call throws for a refusal (403/404, 422, 5xx after retries): the outcome says so and the caller
/// degrades to the job summary and workflow annotations.
/// </summary>
public interface IReportPublisher
{
    /// <summary>
    /// Finds the one comment of pull request <paramref name="pullRequest"/> that contains <paramref name="marker"/>
    /// (reading every page) and updates it, or creates it when there is none. <paramref name="compose"/> gets the
    /// previous body (null on the first run) and returns the new one.
    /// </summary>
    Task<PublishOutcome> UpsertStickyCommentAsync(int pullRequest, string marker, Func<string?, string> compose, CancellationToken cancellationToken);

    /// <summary>Creates a completed check run and sends its annotations in batches (<see cref="CheckRunPlan.Batches"/>).</summary>
    Task<PublishOutcome> PublishCheckRunAsync(CheckRunPlan plan, CancellationToken cancellationToken);
}
