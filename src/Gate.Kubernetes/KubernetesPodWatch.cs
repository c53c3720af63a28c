using System.Globalization;
using System.Net;
using System.Text.Json;
using Gate.Core;
using Gate.Core.Rollout;
using k8s;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// <see cref="IAgentPodWatch"/> over KubernetesClient: a paged LIST of the DaemonSet's pods of one revision (label
/// selector <c>SELECTOR,controller-revision-hash=HASH</c>, pages of <see cref="KubernetesDaemonSetOperator.PageSize"/>),
/// then one watch with the same selector, <c>allowWatchBookmarks=true</c>, resumed from the last resourceVersion seen
/// (an event's or a BOOKMARK's) each time the server ends it (<c>timeoutSeconds</c>). Only a <c>410 Gone</c> (an
/// ERROR event whose Status has code 410, or a 410 answer) makes it list again. Watch JSON lines are read as they
/// arrive; reading the pods costs no request. The pods' tally (live, Ready, restarted, nodes) and the live pod of each
/// node are kept as events are applied, so a step that only counts reads no pod.
/// </summary>
internal sealed class KubernetesPodWatch : IAgentPodWatch
{
    /// <summary>timeoutSeconds of each watch request (the server ends the watch then; it is resumed at once).</summary>
    public const int WatchSeconds = 300;

    private readonly IKubernetes client;
    private readonly DaemonSetRef target;
    private readonly string labels;
    private readonly Lock sync = new();
    private readonly Dictionary<string, AgentPod> pods = new(StringComparer.Ordinal);
    private readonly AgentPodTallyKeeper keeper = new();
    private readonly CancellationTokenSource stop = new();
    private TaskCompletionSource synced = NewSignal();
    private TaskCompletionSource changed = NewSignal();
    private bool changedSinceRead;
    private string? resourceVersion;
    private Task? loop;

    public KubernetesPodWatch(IKubernetes client, DaemonSetRef target, string selector, string revisionHash)
    {
        this.client = client;
        this.target = target;
        RevisionHash = revisionHash;
        labels = selector + ",controller-revision-hash=" + revisionHash;
    }

    /// <inheritdoc />
    public string RevisionHash { get; }

    /// <summary>Paged relists so far (the initial one included).</summary>
    public int Relists { get; private set; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AgentPod>> PodsAsync(CancellationToken cancellationToken)
    {
        await SyncedAsync(cancellationToken).ConfigureAwait(false);
        lock (sync)
        {
            changedSinceRead = false;
            return pods.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<AgentPodTally?> TallyAsync(CancellationToken cancellationToken)
    {
        await SyncedAsync(cancellationToken).ConfigureAwait(false);
        lock (sync)
        {
            changedSinceRead = false;
            return keeper.Tally();
        }
    }

    /// <inheritdoc />
    public AgentPodTally? Tally()
    {
        lock (sync)
        {
            return keeper.Tally();
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, AgentPod>? PodsOn(IReadOnlyCollection<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        lock (sync)
        {
            var found = new Dictionary<string, AgentPod>(StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                if (keeper.LiveOn(node) is { Count: > 0 } onNode)
                {
                    // a DaemonSet runs one pod of a revision per node; of two (a moment of overlap) the first by name
                    found[node] = onNode.MinBy(p => p.Name, StringComparer.Ordinal)!;
                }
            }

            return found;
        }
    }

    /// <inheritdoc />
    public async Task WaitForChangeAsync(TimeSpan maxWait, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signal;
        lock (sync)
        {
            if (changedSinceRead)
            {
                return;
            }

            signal = changed.Task;
        }

        try
        {
            await signal.WaitAsync(maxWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // no change within maxWait: the caller observes anyway
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The first read starts the loop; a read after the loop stopped on an error it surfaced starts it again (relist).
    private Task SyncedAsync(CancellationToken cancellationToken)
    {
        Task listed;
        lock (sync)
        {
            if (loop is null || loop.IsCompleted)
            {
                synced = NewSignal();
                resourceVersion = null;
                loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
            }

            listed = synced.Task;
        }

        return listed.WaitAsync(cancellationToken);
    }

    // Under the lock: the pod named pod.Name is now pod (added or changed).
    private void Put(AgentPod pod)
    {
        keeper.Change(pods.GetValueOrDefault(pod.Name), pod);
        pods[pod.Name] = pod;
    }

    // Under the lock: the pod named name is gone.
    private void Drop(string name)
    {
        if (pods.Remove(name, out var old))
        {
            keeper.Change(old, null);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                }

                await WatchAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!synced.Task.IsCompleted || ex is GateEnvironmentException)
            {
                // the (re)list failed, or the server refuses: the next PodsAsync surfaces it and starts again
                lock (sync)
                {
                    if (!synced.TrySetException(ex))
                    {
                        synced = NewSignal();
                        synced.SetException(ex);
                    }
                }

                return;
            }
#pragma warning disable CA1031 // A broken watch stream (reset connection, 5xx past the retries) is resumed from its resourceVersion after a pause.
            catch (Exception)
#pragma warning restore CA1031
            {
                failures++;
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures, 5))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, AgentPod>(StringComparer.Ordinal);
        string? next = null;
        string? version = null;
        do
        {
            var page = await ApiCalls.CallAsync(
                () => client.CoreV1.ListNamespacedPodAsync(target.Namespace, labelSelector: labels, limit: KubernetesDaemonSetOperator.PageSize, continueParameter: next, cancellationToken: cancellationToken),
                target,
                "for " + target).ConfigureAwait(false);
            foreach (var pod in page.Items)
            {
                listed[pod.Metadata.Name] = KubernetesDaemonSetOperator.ToAgentPod(pod);
            }

            version ??= page.Metadata?.ResourceVersion;
            next = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        lock (sync)
        {
            Relists++;
            foreach (var name in pods.Keys.Where(n => !listed.ContainsKey(n)).ToList())
            {
                Drop(name);
            }

            foreach (var pod in listed.Values)
            {
                Put(pod);
            }

            resourceVersion = version ?? "0";
            synced.TrySetResult();
            Signal();
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        // Sent through the client's own HttpClient (its handlers: retries, metering, credentials) and read as it
        // arrives: the generated list call would hold the answer until its first line, and its line reader is internal.
        var kubernetes = (k8s.Kubernetes)client;
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"allowWatchBookmarks=true&labelSelector={Uri.EscapeDataString(labels)}&resourceVersion={Uri.EscapeDataString(resourceVersion ?? "0")}&timeoutSeconds={WatchSeconds}&watch=true");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kubernetes.BaseUri, $"api/v1/namespaces/{Uri.EscapeDataString(target.Namespace)}/pods?{query}"));
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // ApiCalls maps a connection failure or timeout to ClusterUnavailableException, as for every other call
        var response = await ApiCalls.CallAsync(
            () => kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken),
            target,
            "to watch the pods of " + target).ConfigureAwait(false);
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Gone:
                    resourceVersion = null; // too old: the events in between are gone, so list again
                    return;
                case HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized:
                    throw new GateEnvironmentException($"permission denied by the API server ({(int)response.StatusCode}) to watch the pods of {target}: see deploy/gate-rbac.yaml");
                case var status when !response.IsSuccessStatusCode:
                    throw new ClusterUnavailableException($"the API server answered the pod watch with {(int)status}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0 && !Apply(line))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Applies one watch event; false when the watch must end (an ERROR: 410 relists, others resume).</summary>
    private bool Apply(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (!root.TryGetProperty("object", out var obj))
        {
            return true;
        }

        if (type == "ERROR")
        {
            if (obj.TryGetProperty("code", out var code) && code.TryGetInt32(out var status) && status == (int)HttpStatusCode.Gone)
            {
                resourceVersion = null; // too old: the events in between are gone, so list again
            }

            return false;
        }

        var version = obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
        if (type == "BOOKMARK")
        {
            resourceVersion = version ?? resourceVersion;
            return true;
        }

        var pod = KubernetesJson.Deserialize<V1Pod>(obj.GetRawText());
        lock (sync)
        {
            if (type == "DELETED")
            {
                Drop(pod.Metadata.Name);
            }
            else
            {
                Put(KubernetesDaemonSetOperator.ToAgentPod(pod));
            }

            resourceVersion = version ?? resourceVersion;
            Signal();
        }

        return true;
    }

    // Under the lock: wakes the waiters and arms the next signal.
    private void Signal()
    {
        changedSinceRead = true;
        var fired = changed;
        changed = NewSignal();
        fired.TrySetResult();
    }

    /// <summary>For messages: the selector this watch uses.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"watch pods {target.Namespace} -l {labels}");
}
