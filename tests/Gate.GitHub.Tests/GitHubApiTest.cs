using Gate.Testing.GitHub;

namespace Gate.GitHub.Tests;

/// <summary>Base of tests that need the loopback GitHub API and a temporary folder, both fresh per test.</summary>
public abstract class GitHubApiTest : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    protected FakeGitHubApi Api { get; private set; } = null!;

    internal TempDir Dir => _dir;

    public virtual async Task InitializeAsync() => Api = await FakeGitHubApi.StartAsync();

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Makes the next comment and check-run creation answer 403, as for a fork PR's read-only token.</summary>
    protected void RefuseWrites()
    {
        Api.FailNext("comments.create", 403);
        Api.FailNext("checks.create", 403);
    }
}
