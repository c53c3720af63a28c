using System.Globalization;
using System.Text.Json.Nodes;
using Gate.Core.Rollout;
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

    [Fact]
    public async Task WatchAgentPods_PodsRestartTerminateAndGo_TallyAndPodsOnEqualACountOfTheList()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 4, factor: 200, startReady: true);
        h.Server.BookmarkInterval = TimeSpan.FromHours(1);
        using var watch = h.Operator().WatchAgentPods(CurrentHash(h));
        var pods = await watch.PodsAsync(CancellationToken.None);
        var first = await TallyEqualsTheListAsync(watch);
        Assert.Equal((4, 4, 4, 0), (first.Live, first.Ready, first.Nodes, first.Restarted.Count));

        // a container of one pod restarted: the only pod the crash check reads
        var restarted = h.Cluster.Get(string.Empty, "pods", RolloutHarness.Namespace, pods[0].Name)!["status"]!["containerStatuses"]!.DeepClone().AsArray();
        restarted[0]!["restartCount"] = 3;
        h.Cluster.Write(string.Empty, "pods", RolloutHarness.Namespace, pods[0].Name, new JsonObject { ["status"] = new JsonObject { ["containerStatuses"] = restarted } }, patch: true);
        await WaitForTallyAsync(watch, t => t.Restarted.Count == 1);
        var afterRestart = await TallyEqualsTheListAsync(watch);
        Assert.Equal(pods[0].Name, Assert.Single(afterRestart.Restarted).Name);
        Assert.Equal(first.Removals, afterRestart.Removals);

        // one pod is terminating, another deleted (and recreated by the controller): both stopped being live
        h.Cluster.Write(string.Empty, "pods", RolloutHarness.Namespace, pods[1].Name, new JsonObject { ["metadata"] = new JsonObject { ["deletionTimestamp"] = "2026-12-07T00:00:00Z" } }, patch: true);
        await WaitForTallyAsync(watch, t => t.Live == 3);
        var terminating = await TallyEqualsTheListAsync(watch);
        Assert.Equal((3, 3, first.Removals + 1), (terminating.Nodes, terminating.Ready, terminating.Removals));
        h.Cluster.Delete(string.Empty, "pods", RolloutHarness.Namespace, pods[2].Name);
        await WaitForTallyAsync(watch, t => t.Removals == first.Removals + 2);
        await TallyEqualsTheListAsync(watch);
    }

    /// <summary>The watch's tally and its pods by node equal what one pass over its list counts.</summary>
    private static async Task<AgentPodTally> TallyEqualsTheListAsync(IAgentPodWatch watch)
    {
        var list = await watch.PodsAsync(CancellationToken.None);
        var tally = Assert.IsType<AgentPodTally>(watch.Tally());
        var counted = AgentPodTally.Of(list);
        Assert.Equal((counted.Live, counted.Ready, counted.Nodes), (tally.Live, tally.Ready, tally.Nodes));
        Assert.Equal(counted.Restarted.Select(p => p.Name).Order(), tally.Restarted.Select(p => p.Name).Order());
        var nodes = list.Select(p => p.NodeName).Append("no-such-node").Distinct().ToList();
        var onNodes = Assert.IsAssignableFrom<IReadOnlyDictionary<string, AgentPod>>(watch.PodsOn(nodes));
        Assert.Equal(
            list.Where(p => !p.Terminating).ToDictionary(p => p.NodeName, p => p.Name),
            onNodes.ToDictionary(p => p.Key, p => p.Value.Name));
        Assert.Equal(tally.Live, (await watch.TallyAsync(CancellationToken.None))!.Live);
        return tally;
    }

    private static async Task WaitForTallyAsync(IAgentPodWatch watch, Func<AgentPodTally, bool> done)
    {
        for (var i = 0; i < 300; i++)
        {
            if (watch.Tally() is { } tally && done(tally))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the watch's tally did not get there in 15 s: " + watch.Tally());
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
