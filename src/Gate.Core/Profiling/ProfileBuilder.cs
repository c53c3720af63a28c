using System.Globalization;
using Gate.Core.Agents;

namespace Gate.Core.Profiling;

/// <summary>
/// Groups the profiled user's audit events into access patterns and infers each pattern's period (median spacing of
/// one client's requests), multiplicity (every node's pod, or one pod at a time) and confidence. Each event is kept
/// as a 24-byte record, at most <see cref="MaxRequests"/> of them, so memory stays bounded whatever the log's size.
/// </summary>
public sealed class ProfileBuilder
{
    /// <summary>The default cap on requests kept (about 48 MB).</summary>
    public const int DefaultMaxRequests = 2_000_000;

    /// <summary>A list this soon after a <c>410 Gone</c> of the same client and resource is a relist.</summary>
    public static readonly TimeSpan RelistWindow = TimeSpan.FromSeconds(120);

    /// <summary>The node placeholder written into selectors that pinned the client's own node.</summary>
    public const string NodePlaceholder = "$(NODE_NAME)";

    private const byte ContinuePage = 1;
    private const byte Started = 2;

    private readonly string user;
    private readonly List<Record> records = [];
    private readonly Dictionary<PatternKey, int> keyIndex = [];
    private readonly List<PatternKey> keys = [];
    private readonly Dictionary<string, int> clientIndex = new(StringComparer.Ordinal);
    private readonly List<Client> clients = [];
    private long nonResource;
    private long otherVerbs;
    private long dropped;
    private long guessedNodeSelectors;
    private readonly List<string> failed = [];

    public ProfileBuilder(string user, int maxRequests = DefaultMaxRequests)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        this.user = user;
        MaxRequests = maxRequests;
    }

    public int MaxRequests { get; }

    /// <summary>Events kept so far.</summary>
    public int Count => records.Count;

    /// <summary>Adds one event of the profiled user.</summary>
    public void Add(AuditEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        if (ev.Resource is null)
        {
            nonResource++;
            return;
        }

        if (ParseVerb(ev.Verb) is not { } verb)
        {
            otherVerbs++;
            return;
        }

        if (ev.Stage == AuditStage.ResponseStarted && verb != ApiVerb.Watch)
        {
            return;
        }

        if (records.Count >= MaxRequests)
        {
            dropped++;
            return;
        }

        var query = RequestQuery.Parse(ev.RequestUri);
        var resource = ev.Subresource is null ? ev.Resource : $"{ev.Resource}/{ev.Subresource}";
        var (field, ownNode) = Generalise(query.FieldSelector, ev.NodeName, ev.Resource);
        var scope = ScopeOf(verb, ownNode, field, ev.Namespace);
        var key = new PatternKey(
            verb,
            ev.Group,
            resource,
            scope,
            scope == PatternScope.Namespace ? ev.Namespace : null,
            field,
            verb is ApiVerb.List or ApiVerb.Watch ? query.LabelSelector : null,
            verb is ApiVerb.Watch ? null : RvClass(query.ResourceVersion),
            verb == ApiVerb.List ? query.Limit : null);
        if (!keyIndex.TryGetValue(key, out var pattern))
        {
            pattern = keys.Count;
            keyIndex[key] = pattern;
            keys.Add(key);
        }

        var flags = (byte)((query.Continue ? ContinuePage : 0) | (ev.Stage == AuditStage.ResponseStarted ? Started : 0));
        records.Add(new Record(pattern, ClientOf(ev), ev.Received.UtcTicks, (short)Math.Clamp(ev.Code, 0, short.MaxValue), flags));
    }

    /// <summary>The learned profile; null when the user made no resource request.</summary>
    public LearnedProfile? Build()
    {
        if (records.Count == 0)
        {
            return null;
        }

        records.Sort((a, b) => a.Client != b.Client ? a.Client.CompareTo(b.Client) : a.Ticks.CompareTo(b.Ticks));
        var relist = MarkRelists();
        var anyStartedWatch = records.Exists(r => (r.Flags & Started) != 0);
        var allNodes = clients.Select(c => c.Node).Distinct(StringComparer.Ordinal).Count();
        var byPattern = keys.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < records.Count; i++)
        {
            byPattern[records[i].Pattern].Add(i);
        }

        var learned = new List<LearnedPattern>();
        failed.Clear();
        for (var p = 0; p < keys.Count; p++)
        {
            var key = keys[p];
            var mine = byPattern[p];
            var counted = mine.Where(i => Counts(key.Verb, records[i], anyStartedWatch)).ToList();
            if (counted.Count == 0)
            {
                continue;
            }

            // A request that only ever failed (a list from an expired resourceVersion, a forbidden verb) is not a
            // pattern the agent runs on: named in the notes, not priced.
            if (counted.TrueForAll(i => records[i].Code >= 400))
            {
                failed.Add($"{key.Verb.ToString().ToLowerInvariant()} {key.GroupResource} ({key.Scope.ToString().ToLowerInvariant()}{(key.Rv is null ? string.Empty : ", resourceVersion " + key.Rv)}): "
                    + string.Join("/", counted.Select(i => records[i].Code).Distinct().Order()));
                continue;
            }

            learned.Add(Learn(key, mine, counted, relist, allNodes));
        }

        var from = new DateTimeOffset(records.Min(r => r.Ticks), TimeSpan.Zero);
        var to = new DateTimeOffset(records.Max(r => r.Ticks), TimeSpan.Zero);
        var identity = clients.TrueForAll(c => c.Bound) ? ClientIdentity.BoundToken : clients.Exists(c => c.Bound) ? ClientIdentity.Mixed : ClientIdentity.SourceIp;
        var (name, kind) = WorkloadName();
        return new LearnedProfile
        {
            User = user,
            Name = name,
            Namespace = ServiceAccount()?.Namespace,
            Kind = kind,
            Sample = new ProfileSample
            {
                From = from, To = to, Nodes = allNodes, Pods = clients.Count, Requests = learned.Sum(l => l.Requests), Identity = identity,
            },
            Patterns = [.. learned.OrderBy(l => l.Pattern.GroupResource, StringComparer.Ordinal).ThenBy(l => l.Pattern.Verb).ThenBy(l => l.Pattern.Scope)
                .ThenBy(l => l.Namespace, StringComparer.Ordinal).ThenBy(l => l.Pattern.FieldSelector, StringComparer.Ordinal)
                .ThenBy(l => l.Pattern.LabelSelector, StringComparer.Ordinal).ThenBy(l => l.Pattern.ResourceVersion, StringComparer.Ordinal)],
            Notes = Notes(identity, allNodes, learned),
        };
    }

    private LearnedPattern Learn(PatternKey key, List<int> mine, List<int> counted, bool[] relist, int allNodes)
    {
        var relists = counted.LongCount(i => relist[i]);
        var series = counted.Where(i => !relist[i]).GroupBy(i => records[i].Client).Select(g => g.Select(i => records[i].Ticks).ToList()).ToList();
        var podsOfPattern = counted.Select(i => records[i].Client).Distinct().ToList();
        var nodes = podsOfPattern.Select(c => clients[c].Node).Distinct(StringComparer.Ordinal).Count();
        var (period, spread, spacings) = key.Verb == ApiVerb.Watch ? (null, 0, 0) : Period(series);
        // One pod at a time, from at most half the nodes, repeatedly (a period, or a hand-over between pods): a leader.
        // A one-off request of one pod is no evidence either way and stays per replica (the upper bound).
        var oneAtATime = allNodes >= 2 && nodes * 2 <= allNodes && MaxConcurrent(series) == 1 && (period is not null || podsOfPattern.Count >= 2);
        var confidence = Confidence(key.Verb, period, spread, spacings, podsOfPattern.Count);
        var pattern = new AccessPattern
        {
            Verb = key.Verb,
            Group = key.Group,
            Resource = key.Resource,
            Scope = key.Scope,
            FieldSelector = key.Field,
            LabelSelector = key.Label,
            ResourceVersion = key.Rv,
            Limit = key.Limit,
            PeriodSeconds = period is { } s ? Math.Round(s, s >= 10 ? 0 : 1) : null,
            Replicas = oneAtATime ? 1 : null,
            LeaderElected = oneAtATime,
            Reason = Evidence(key, counted.Count, podsOfPattern.Count, nodes, period, relists, oneAtATime),
        };
        return new LearnedPattern
        {
            Pattern = pattern,
            Confidence = confidence,
            Requests = counted.Count,
            Pages = mine.LongCount(i => (records[i].Flags & ContinuePage) != 0),
            Relists = relists,
            Errors = mine.LongCount(i => records[i].Code >= 400),
            Nodes = nodes,
            Pods = podsOfPattern.Count,
            Namespace = key.Namespace,
        };
    }

    private static string Evidence(PatternKey key, int requests, int pods, int nodes, double? period, long relists, bool oneAtATime)
    {
        var what = key.Verb == ApiVerb.Watch ? $"{requests} watches" : $"{requests} request{(requests == 1 ? string.Empty : "s")}";
        var text = string.Create(CultureInfo.InvariantCulture, $"learned: {what} from {pods} pod{(pods == 1 ? string.Empty : "s")} on {nodes} node{(nodes == 1 ? string.Empty : "s")}");
        if (key.Namespace is not null)
        {
            text += $" in namespace {key.Namespace}";
        }

        text += period is { } s
            ? string.Create(CultureInfo.InvariantCulture, $", every {s:0.#} s (median spacing)")
            : key.Verb == ApiVerb.Watch ? string.Empty : ", once per pod start";
        if (relists > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {relists} relist{(relists == 1 ? string.Empty : "s")} after 410 Gone");
        }

        return oneAtATime ? text + ", one pod at a time (leader-elected or singleton)" : text;
    }

    /// <summary>The median of the clients' median spacings, with its spread (median absolute deviation / median).</summary>
    private static (double? Period, double Spread, int Spacings) Period(List<List<long>> series)
    {
        var perClient = new List<double>();
        var deviations = new List<double>();
        var spacings = 0;
        foreach (var ticks in series.Where(s => s.Count >= 3))
        {
            var gaps = ticks.Zip(ticks.Skip(1), (a, b) => (b - a) / (double)TimeSpan.TicksPerSecond).Where(g => g > 0).ToList();
            if (gaps.Count < 2)
            {
                continue;
            }

            var median = Median(gaps);
            perClient.Add(median);
            deviations.AddRange(gaps.Select(g => Math.Abs(g - median) / median));
            spacings += gaps.Count;
        }

        return perClient.Count == 0 ? (null, 0, 0) : (Median(perClient), Median(deviations), spacings);
    }

    private static PatternConfidence Confidence(ApiVerb verb, double? period, double spread, int spacings, int pods)
    {
        if (verb == ApiVerb.Watch || period is null)
        {
            return pods >= 2 ? PatternConfidence.High : PatternConfidence.Medium;
        }

        return spacings >= 10 && spread < 0.25 ? PatternConfidence.High
            : spread < 0.5 ? PatternConfidence.Medium
            : PatternConfidence.Low;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>The most clients whose first-to-last span of the pattern overlap at one time.</summary>
    private static int MaxConcurrent(List<List<long>> series)
    {
        var edges = series.SelectMany(s => new[] { (At: s[0], Delta: 1), (At: s[^1] + 1, Delta: -1) }).OrderBy(e => e.At).ThenBy(e => e.Delta).ToList();
        int current = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }

    private bool Counts(ApiVerb verb, Record r, bool anyStartedWatch) => verb switch
    {
        ApiVerb.Watch => !anyStartedWatch || (r.Flags & Started) != 0,
        ApiVerb.List => (r.Flags & ContinuePage) == 0,
        _ => true,
    };

    /// <summary>Marks each first-page list that follows a <c>410 Gone</c> of the same client and resource.</summary>
    private bool[] MarkRelists()
    {
        var relist = new bool[records.Count];
        var gone = new Dictionary<(int Client, string Resource), long>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var key = keys[r.Pattern];
            var id = (r.Client, key.GroupResource);
            if (r.Code == 410)
            {
                gone[id] = r.Ticks;
            }
            else if (key.Verb == ApiVerb.List && (r.Flags & ContinuePage) == 0 && gone.TryGetValue(id, out var at) && r.Ticks - at <= RelistWindow.Ticks)
            {
                relist[i] = true;
                gone.Remove(id);
            }
        }

        return relist;
    }

    private int ClientOf(AuditEvent ev)
    {
        var id = ev.PodName ?? "ip:" + (ev.SourceIp ?? "unknown");
        if (!clientIndex.TryGetValue(id, out var index))
        {
            index = clients.Count;
            clientIndex[id] = index;
            clients.Add(new Client(ev.NodeName ?? ev.SourceIp ?? "unknown", ev.PodName, ev.NodeName is not null));
        }

        return index;
    }

    /// <summary>
    /// Replaces the client's own node name in <c>spec.nodeName=</c> (and a node's <c>metadata.name=</c>) with
    /// <see cref="NodePlaceholder"/>. Without the bound-token node name any <c>spec.nodeName=</c> value is taken as the
    /// client's node (noted).
    /// </summary>
    private (string? Field, bool OwnNode) Generalise(string? field, string? node, string resource)
    {
        if (field is null)
        {
            return (null, false);
        }

        var ownNode = false;
        var terms = field.Split(',');
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i].Trim();
            foreach (var prefix in resource == "nodes" ? new[] { "spec.nodeName=", "metadata.name=" } : ["spec.nodeName="])
            {
                if (!term.StartsWith(prefix, StringComparison.Ordinal) || term.Length == prefix.Length)
                {
                    continue;
                }

                var value = term[prefix.Length..];
                if (node is null ? prefix == "spec.nodeName=" : value == node)
                {
                    guessedNodeSelectors += node is null ? 1 : 0;
                    terms[i] = prefix + NodePlaceholder;
                    ownNode = true;
                }
            }
        }

        return (string.Join(',', terms), ownNode);
    }

    private static PatternScope ScopeOf(ApiVerb verb, bool ownNode, string? field, string? ns)
    {
        if (verb is ApiVerb.List or ApiVerb.Watch)
        {
            return ownNode ? PatternScope.Node
                : field is not null && field.Split(',').Any(t => t.Trim().StartsWith("metadata.name=", StringComparison.Ordinal)) ? PatternScope.Object
                : ns is null ? PatternScope.Cluster : PatternScope.Namespace;
        }

        return PatternScope.Object;
    }

    private static string? RvClass(string? rv) => rv switch
    {
        null => null,
        "0" => "0",
        _ => "exact",
    };

    private static ApiVerb? ParseVerb(string verb) => verb switch
    {
        "list" => ApiVerb.List,
        "watch" => ApiVerb.Watch,
        "get" => ApiVerb.Get,
        "create" => ApiVerb.Create,
        "update" => ApiVerb.Update,
        "patch" => ApiVerb.Patch,
        "delete" => ApiVerb.Delete,
        _ => null,
    };

    private (string Namespace, string Name)? ServiceAccount()
    {
        const string Prefix = "system:serviceaccount:";
        var parts = user.StartsWith(Prefix, StringComparison.Ordinal) ? user[Prefix.Length..].Split(':') : [];
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    /// <summary>
    /// The workload's name and kind from its pods' names: a DaemonSet's pods are <c>NAME-xxxxx</c>, a Deployment's
    /// <c>NAME-HASH-xxxxx</c> (the pod-template hash); without pod names, the service account's name.
    /// </summary>
    private (string Name, string? Kind) WorkloadName()
    {
        var pods = clients.Select(c => c.Pod).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (pods.Count == 0)
        {
            return (ServiceAccount()?.Name ?? user, null);
        }

        var stems = pods.Select(p => Strip(p, 5, 5)).ToList();
        if (stems.TrueForAll(s => s is not null && Strip(s, 6, 10) is not null) && stems.Select(s => Strip(s!, 6, 10)).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            return (Strip(stems[0]!, 6, 10)!, "Deployment");
        }

        var named = stems.OfType<string>().GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
        return named is null ? (ServiceAccount()?.Name ?? user, null) : (named.Key, "DaemonSet");
    }

    /// <summary>The name without its last <c>-suffix</c> when the suffix is a generated one of the given length.</summary>
    private static string? Strip(string name, int min, int max)
    {
        var dash = name.LastIndexOf('-');
        var suffix = dash < 1 ? string.Empty : name[(dash + 1)..];
        return suffix.Length >= min && suffix.Length <= max && suffix.All(c => "bcdfghjklmnpqrstvwxz2456789".Contains(c, StringComparison.Ordinal))
            ? name[..dash]
            : null;
    }

    private List<string> Notes(ClientIdentity identity, int allNodes, List<LearnedPattern> learned)
    {
        var notes = new List<string>();
        if (identity != ClientIdentity.BoundToken)
        {
            notes.Add("some or all events carry no authentication.kubernetes.io/node-name in user.extra (bound service-account tokens have it from "
                + "Kubernetes 1.30): nodes and pods were told apart by source IP, which a NAT or proxy in front of the API server merges");
        }

        if (guessedNodeSelectors > 0)
        {
            notes.Add($"{guessedNodeSelectors} spec.nodeName selectors were taken as the client's own node without a node name to compare them with");
        }

        if (allNodes < 2)
        {
            notes.Add("the sample comes from one node: a pattern of every node's pod cannot be told from a once-per-cluster one; all are counted per replica");
        }

        if (clients.Exists(c => c.Pod is null) && clients.Exists(c => c.Pod is not null))
        {
            notes.Add("some events carry no pod name: those clients were told apart by source IP");
        }

        if (nonResource > 0)
        {
            notes.Add($"{nonResource} non-resource requests (discovery, /version, /healthz) are not access patterns and were left out");
        }

        if (otherVerbs > 0)
        {
            notes.Add($"{otherVerbs} requests with other verbs (deletecollection, proxy, …) were left out");
        }

        if (dropped > 0)
        {
            notes.Add($"the sample was capped at {MaxRequests:N0} requests; {dropped:N0} later ones were not kept");
        }

        var relists = learned.Sum(l => l.Relists);
        if (relists > 0)
        {
            notes.Add($"{relists} list{(relists == 1 ? string.Empty : "s")} followed a 410 Gone (expired resourceVersion or continue token): counted as relists, not as a period");
        }

        if (failed.Count > 0)
        {
            notes.Add("requests that always failed are not counted as patterns: " + string.Join("; ", failed));
        }

        return notes;
    }

    private readonly record struct Record(int Pattern, int Client, long Ticks, short Code, byte Flags);

    private sealed record Client(string Node, string? Pod, bool Bound);

    private readonly record struct PatternKey(ApiVerb Verb, string Group, string Resource, PatternScope Scope, string? Namespace, string? Field, string? Label, string? Rv, int? Limit)
    {
        public string GroupResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";
    }
}
