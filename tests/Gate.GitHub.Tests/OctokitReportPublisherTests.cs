using Gate.Core;
using Gate.GitHub.Publishing;
using Gate.GitHub.Rendering;

using Gate.Testing.GitHub;

namespace Gate.GitHub.Tests;

public sealed class OctokitReportPublisherTests : GitHubApiTest
{
    private const string Token = "ghs_TestToken0123456789abcdefABCDEF012345";

    private OctokitReportPublisher Publisher() => new(Api.BaseUrl, Token, "gate-dev", "gate", retryDelay: TimeSpan.Zero);

    private static string Body(string marker, string text) => marker + "\n" + text;

    [Fact]
    public async Task UpsertStickyComment_TwoRunsWithMarkerOnPage3_CreatesOnceThenUpdates()
    {
        for (var i = 0; i < 25; i++)
        {
            Api.AddComment($"human comment {i}");
        }

        var marker = MarkdownRenderer.Marker(null);
        var publisher = Publisher();

        var first = await publisher.UpsertStickyCommentAsync(7, marker, previous => Body(marker, previous is null ? "run 1" : "unexpected"), CancellationToken.None);
        var second = await publisher.UpsertStickyCommentAsync(7, marker, previous => Body(marker, "run 2 after " + previous?.Split('\n')[1]), CancellationToken.None);

        Assert.Equal(PublishStatus.Created, first.Status);
        Assert.Equal(PublishStatus.Updated, second.Status);
        Assert.Equal(first.Id, second.Id);
        var sticky = Assert.Single(Api.Comments, c => c.Body.Contains(marker, StringComparison.Ordinal));
        Assert.Equal(Body(marker, "run 2 after run 1"), sticky.Body);
        Assert.Equal(26, Api.Comments.Count);
        Assert.Single(Api.RequestsTo("POST", "/comments$"));
        Assert.Single(Api.RequestsTo("PATCH", $"/issues/comments/{first.Id}$"));
        // The sticky comment is the 26th: with 10 per page it is on page 3, reached through the Link headers.
        Assert.Contains(Api.RequestsTo("GET", "/issues/7/comments$"), r => r.Query.Contains("page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertStickyComment_ExistingMarkerOnPage3_UpdatesItWithoutCreating()
    {
        var marker = MarkdownRenderer.Marker("cluster-a");
        for (var i = 0; i < 22; i++)
        {
            Api.AddComment($"review {i}");
        }

        var existing = Api.AddComment(Body(marker, "old"));
        Api.AddComment(Body(MarkdownRenderer.Marker("cluster-b"), "another key"));

        var outcome = await Publisher().UpsertStickyCommentAsync(7, marker, previous => Body(marker, "new, was " + previous!.Split('\n')[1]), CancellationToken.None);

        Assert.Equal(PublishStatus.Updated, outcome.Status);
        Assert.Equal(existing, outcome.Id);
        Assert.Empty(Api.RequestsTo("POST", "/comments$"));
        Assert.Equal(Body(marker, "new, was old"), Api.Comments.Single(c => c.Id == existing).Body);
        Assert.Contains(Api.Comments, c => c.Body.EndsWith("another key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishCheckRun_120Annotations_SendsThreeRequestsOf50And50And20()
    {
        var plan = Plan(Enumerable.Range(1, 120).Select(i => new CheckAnnotation("deploy/agent.yaml", i, i, AnnotationLevel.Failure, "GATE101", $"finding {i}")).ToList());

        var outcome = await Publisher().PublishCheckRunAsync(plan, CancellationToken.None);

        Assert.Equal(PublishStatus.Created, outcome.Status);
        var create = Assert.Single(Api.RequestsTo("POST", "/check-runs$"));
        var updates = Api.RequestsTo("PATCH", $"/check-runs/{outcome.Id}$");
        var counts = new[] { create }.Concat(updates).Select(r => r.Json!["output"]!["annotations"]!.AsArray().Count).ToList();
        Assert.Equal([50, 50, 20], counts);
        Assert.Equal(TestData.Sha, (string?)create.Json!["head_sha"]);
        Assert.Equal("failure", (string?)create.Json["conclusion"]);
        Assert.Equal("finding 120", (string?)updates[^1].Json!["output"]!["annotations"]![19]!["message"]);
        Assert.All(updates, u => Assert.Equal("Failed", (string?)u.Json!["output"]!["title"]));
    }

    [Fact]
    public async Task PublishCheckRun_NoAnnotations_SendsOneRequest()
    {
        var outcome = await Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None);

        Assert.Equal(PublishStatus.Created, outcome.Status);
        Assert.Single(Api.Requests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(404)]
    public async Task PublishCheckRun_RefusedWithStatus_ReturnsDenied(int status)
    {
        Api.FailNext("checks.create", status);

        var outcome = await Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None);

        Assert.Equal(PublishStatus.Denied, outcome.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertStickyComment_Forbidden_ReturnsDeniedAndCreatesNothing()
    {
        Api.FailNext("comments.create", 403);

        var outcome = await Publisher().UpsertStickyCommentAsync(7, MarkdownRenderer.Marker(null), _ => "body", CancellationToken.None);

        Assert.Equal(PublishStatus.Denied, outcome.Status);
        Assert.Contains("Resource not accessible by integration", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(Api.Comments);
    }

    [Fact]
    public async Task PublishCheckRun_ValidationFailed_ReturnsFailed()
    {
        Api.FailNext("checks.create", 422);

        var outcome = await Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None);

        Assert.Equal(PublishStatus.Failed, outcome.Status);
        Assert.Contains("422", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishCheckRun_TwoServerErrorsThenSuccess_RetriesAndSucceeds()
    {
        Api.FailNext("checks.create", 502, times: 2);

        var outcome = await Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None);

        Assert.Equal(PublishStatus.Created, outcome.Status);
        Assert.Equal(3, Api.RequestsTo("POST", "/check-runs$").Count);
    }

    [Fact]
    public async Task UpsertStickyComment_ServerErrorsPersist_FailsAfterThreeAttempts()
    {
        Api.FailNext("comments.list", 500, times: 5);

        var outcome = await Publisher().UpsertStickyCommentAsync(7, MarkdownRenderer.Marker(null), _ => "body", CancellationToken.None);

        Assert.Equal(PublishStatus.Failed, outcome.Status);
        Assert.Equal(3, Api.Requests.Count);
    }

    [Fact]
    public async Task PublishCheckRun_ForbiddenOnSecondBatch_ReturnsDeniedWithRunId()
    {
        Api.FailNext("checks.update", 403);
        var plan = Plan(Enumerable.Range(1, 60).Select(i => new CheckAnnotation("a.yaml", i, i, AnnotationLevel.Warning, "GATE104", "w")).ToList());

        var outcome = await Publisher().PublishCheckRunAsync(plan, CancellationToken.None);

        Assert.Equal(PublishStatus.Denied, outcome.Status);
        Assert.NotNull(outcome.Id);
    }

    [Fact]
    public async Task PublishCheckRun_BadCredentials_ThrowsEnvironmentErrorWithoutToken()
    {
        Api.FailNext("checks.create", 401);
        Api.EchoAuthorizationInErrors = true;

        var ex = await Assert.ThrowsAsync<GateEnvironmentException>(() => Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None));

        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publisher_AnyRequest_SendsTheTokenOnlyInTheAuthorizationHeader()
    {
        Api.EchoAuthorizationInErrors = true;
        Api.FailNext("checks.create", 403);

        var outcome = await Publisher().PublishCheckRunAsync(Plan([]), CancellationToken.None);

        var request = Assert.Single(Api.Requests);
        Assert.Contains(Token, request.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("***", outcome.Detail, StringComparison.Ordinal);
    }

    private static CheckRunPlan Plan(IReadOnlyList<CheckAnnotation> annotations) => new()
    {
        Name = "Gate",
        HeadSha = TestData.Sha,
        Conclusion = "failure",
        Title = "Failed",
        Summary = "summary",
        Text = "text",
        Annotations = annotations,
    };
}
