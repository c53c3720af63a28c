using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>The gate's pod watch against the fake API server: resumed from BOOKMARKs, relisted only after 410 Gone.</summary>
public sealed class PodWatchTests
{
    [Fact]
    public async Task WatchAgentPods_Bookmarks_ResumesFromTheBookmarkedResourceVersionWithoutRelisting()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 3, factor: 200, startReady: true);
        h.Server.BookmarkInterval = TimeSpan.FromSeconds(30);
        using var watch = h.Operator().WatchAgentPods(CurrentHash(h));
        Assert.Equal(3, (await watch.PodsAsync(CancellationToken.None)).Count);
        var listed = long.Parse(h.Cluster.ResourceVersion, CultureInfo.InvariantCulture);
        h.Cluster.Create(string.Empty, "configmaps", RolloutHarness.Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "unrelated" } });

        var resumed = await WaitForAsync(h, r => r.Verb == "watch" && ResourceVersionOf(r) > listed);

        Assert.Contains("allowWatchBookmarks=true", resumed.Query, StringComparison.Ordinal);
        Assert.Single(h.Server.Requests, r => r.Verb == "list" && r.Resource == "pods");
    }

    [Fact]
    public async Task WatchAgentPods_GoneAsWatchErrorEvent_RelistsOnceAndFollowsTheNewPods()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 3, factor: 200, startReady: true);
        h.Server.BookmarkInterval = TimeSpan.FromHours(1);
        h.Server.ExpiredAsWatchEvent = true;
        using var watch = h.Operator().WatchAgentPods(CurrentHash(h));
        var before = await watch.PodsAsync(CancellationToken.None);
        h.Cluster.CompactPodHistory();

        var gone = await WaitForAsync(h, r => r.Verb == "watch" && r.Fault == "Expired");
        await WaitForAsync(h, r => r.Verb == "list" && r.Resource == "pods" && r.Time >= gone.Time);
        await WaitForAsync(h, r => r.Verb == "watch" && r.Time >= gone.Time && r.Fault is null);
        h.Cluster.Delete(string.Empty, "pods", RolloutHarness.Namespace, before[0].Name); // recreated by the controller
        var after = before;
        for (var i = 0; i < 100 && (after.Count != 3 || after.Any(p => p.Name == before[0].Name)); i++)
        {
            await watch.WaitForChangeAsync(TimeSpan.FromMinutes(1), h.Time, CancellationToken.None);
            after = await watch.PodsAsync(CancellationToken.None);
        }

        Assert.Equal(200, gone.Status); // the watch cache's form: a 200 stream with one ERROR event holding the 410 Status
        Assert.Equal(2, h.Server.Requests.Count(r => r.Verb == "list" && r.Resource == "pods"));
        Assert.Equal(3, after.Count);
        Assert.DoesNotContain(after, p => p.Name == before[0].Name);
    }

    private static string CurrentHash(RolloutHarness h) => Assert.Single(h.PodsByRevision().Keys);

    private static long ResourceVersionOf(ApiRequest request) =>
        request.Query.Split('&').Select(p => p.Split('=')).Where(p => p[0] == "resourceVersion").Select(p => long.Parse(p[1], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).First();

    private static async Task<ApiRequest> WaitForAsync(RolloutHarness h, Func<ApiRequest, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (h.Server.Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no such request in 30 s: " + string.Join(" | ", h.Server.Requests));
    }
}
