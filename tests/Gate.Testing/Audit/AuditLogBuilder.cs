using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gate.Testing.Audit;

/// <summary>
/// A pod (or other client) making requests: its service-account user and what a bound token puts in
/// <c>user.extra</c> (k8s.io/apiserver/pkg/authentication/serviceaccount/util.go, <c>PodNameKey</c>,
/// <c>NodeNameKey</c>; node fields from Kubernetes 1.30). <paramref name="BoundToken"/> false: a legacy token without them.
/// </summary>
public sealed record AuditClient(string User, string? Node, string? Pod, string Ip, bool BoundToken = true, string UserAgent = "agent/v1.0.0 (linux/amd64) kubernetes/$Format");

/// <summary>What a request is about (audit.k8s.io/v1 <c>ObjectReference</c>).</summary>
public sealed record AuditObject(string Resource, string? Namespace = null, string? Name = null, string Group = "", string ApiVersion = "v1", string? Subresource = null);

/// <summary>
/// Builds API server audit logs event by event in the log backend's format: one audit.k8s.io/v1 <c>Event</c> per line
/// (k8s.io/apiserver/pkg/apis/audit/v1/types.go), Metadata level, the stages the audit filter emits
/// (k8s.io/apiserver/pkg/endpoints/filters/audit.go: <c>RequestReceived</c>, <c>ResponseStarted</c> for long-running
/// requests such as watches, then <c>ResponseComplete</c>). Requests are spread over several API servers (one log
/// each), every log ordered by stage time as a server writes it.
/// </summary>
public sealed class AuditLogBuilder(int apiServers = 1)
{
    private readonly List<(DateTimeOffset At, string Line)>[] logs = [.. Enumerable.Range(0, apiServers).Select(_ => new List<(DateTimeOffset, string)>())];
    private int requests;

    /// <summary>Writes <c>RequestReceived</c> events too (the default policy of many clusters omits them).</summary>
    public bool WithRequestReceived { get; init; } = true;

    /// <summary>Records one request: a watch gets <c>ResponseStarted</c> at <paramref name="at"/> and <c>ResponseComplete</c> when it ends.</summary>
    public AuditLogBuilder Request(AuditClient client, DateTimeOffset at, string verb, string requestUri, AuditObject? obj, int code = 200, TimeSpan? watchFor = null, int? server = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var id = Guid.CreateVersion7(at).ToString();
        // A client keeps its connection to one API server (a stable choice, so every run writes the same files).
        var log = logs[server ?? (client.Pod ?? client.Ip).Sum(c => c) % logs.Length];
        requests++;
        if (WithRequestReceived)
        {
            log.Add((at, Line(client, id, "RequestReceived", at, at, verb, requestUri, obj, null)));
        }

        if (verb == "watch" && code == 200)
        {
            log.Add((at.AddMilliseconds(2), Line(client, id, "ResponseStarted", at, at.AddMilliseconds(2), verb, requestUri, obj, 200)));
            var end = at + (watchFor ?? TimeSpan.FromMinutes(7));
            log.Add((end, Line(client, id, "ResponseComplete", at, end, verb, requestUri, obj, 200)));
            return this;
        }

        var done = at.AddMilliseconds(15);
        log.Add((done, Line(client, id, "ResponseComplete", at, done, verb, requestUri, obj, code)));
        return this;
    }

    /// <summary>Appends a raw line to one server's log (bad input).</summary>
    public AuditLogBuilder Raw(DateTimeOffset at, string line, int server = 0)
    {
        logs[server].Add((at, line));
        return this;
    }

    public int Requests => requests;

    /// <summary>The logs, one per API server, each ordered by the time its events were written.</summary>
    public IReadOnlyList<string> Logs() =>
        [.. logs.Select(l => string.Concat(l.OrderBy(e => e.At).Select(e => e.Line + "\n")))];

    /// <summary>All servers' events in one log (as a collector that merges them would write it).</summary>
    public string Merged() => string.Concat(logs.SelectMany(l => l).OrderBy(e => e.At).Select(e => e.Line + "\n"));

    private static string Line(AuditClient client, string id, string stage, DateTimeOffset received, DateTimeOffset stageAt, string verb, string uri, AuditObject? obj, int? code)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Event");
            w.WriteString("apiVersion", "audit.k8s.io/v1");
            w.WriteString("level", "Metadata");
            w.WriteString("auditID", id);
            w.WriteString("stage", stage);
            w.WriteString("requestURI", uri);
            w.WriteString("verb", verb);
            w.WriteStartObject("user");
            w.WriteString("username", client.User);
            w.WriteString("uid", "6f1c7a52-3c1e-4f0e-9f5a-2b8e0c1d9a77");
            w.WriteStartArray("groups");
            if (client.User.StartsWith("system:serviceaccount:", StringComparison.Ordinal))
            {
                w.WriteStringValue("system:serviceaccounts");
                w.WriteStringValue("system:serviceaccounts:" + client.User.Split(':')[2]);
            }

            w.WriteStringValue("system:authenticated");
            w.WriteEndArray();
            if (client.BoundToken && client.Pod is not null)
            {
                w.WriteStartObject("extra");
                w.WriteStartArray("authentication.kubernetes.io/credential-id");
                w.WriteStringValue("JTI=" + Guid.NewGuid());
                w.WriteEndArray();
                if (client.Node is not null)
                {
                    Single(w, "authentication.kubernetes.io/node-name", client.Node);
                    Single(w, "authentication.kubernetes.io/node-uid", "a1d3c9e0-0000-4000-8000-" + client.Node.Sum(c => c).ToString("x12", CultureInfo.InvariantCulture));
                }

                Single(w, "authentication.kubernetes.io/pod-name", client.Pod);
                Single(w, "authentication.kubernetes.io/pod-uid", "c7d2a1b3-55e6-4f77-9a01-" + client.Pod.Sum(c => c).ToString("x12", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("sourceIPs");
            w.WriteStringValue(client.Ip);
            w.WriteEndArray();
            w.WriteString("userAgent", client.UserAgent);
            if (obj is not null)
            {
                w.WriteStartObject("objectRef");
                w.WriteString("resource", obj.Resource);
                WriteIf(w, "namespace", obj.Namespace);
                WriteIf(w, "name", obj.Name);
                WriteIf(w, "apiGroup", obj.Group.Length == 0 ? null : obj.Group);
                w.WriteString("apiVersion", obj.ApiVersion);
                WriteIf(w, "subresource", obj.Subresource);
                w.WriteEndObject();
            }

            if (code is { } c)
            {
                w.WriteStartObject("responseStatus");
                w.WriteStartObject("metadata");
                w.WriteEndObject();
                if (c >= 400)
                {
                    w.WriteString("status", "Failure");
                    w.WriteString("message", c == 410 ? "The provided continue parameter is too old to display a consistent list result." : "error");
                    w.WriteString("reason", c == 410 ? "Expired" : "InternalError");
                }

                w.WriteNumber("code", c);
                w.WriteEndObject();
            }

            w.WriteString("requestReceivedTimestamp", received.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("stageTimestamp", stageAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteStartObject("annotations");
            w.WriteString("authorization.k8s.io/decision", "allow");
            w.WriteString("authorization.k8s.io/reason", "RBAC: allowed by ClusterRoleBinding \"agent\" of ClusterRole \"agent\" to ServiceAccount \"agent\"");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Single(Utf8JsonWriter w, string key, string value)
    {
        w.WriteStartArray(key);
        w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void WriteIf(Utf8JsonWriter w, string key, string? value)
    {
        if (value is not null)
        {
            w.WriteString(key, value);
        }
    }
}
