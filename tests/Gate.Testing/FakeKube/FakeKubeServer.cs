using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gate.Testing.FakeKube;

/// <summary>
/// A loopback fake Kubernetes API server (Kestrel on 127.0.0.1, port 0) speaking the real REST/JSON for nodes, pods,
/// DaemonSets (apps/v1 and apps.kruise.io/v1alpha1), ControllerRevisions, Leases and FlowSchemas (create validated, 409
/// when it exists; any other resource is stored generically): get, list (label/field selectors; limit/continue;
/// remainingItemCount only without a selector, as the real server; PartialObjectMetadataList on request),
/// <c>/version</c>, <c>/readyz</c>, <c>/livez</c>, <c>/healthz</c>, <c>/metrics</c> (<see cref="MetricsText"/>), watch (pods:
/// label/field-selected, resumed from a resourceVersion, BOOKMARK events, 410 Gone past the retained history), create,
/// replace and merge-patch with resourceVersion preconditions, delete. Bearer tokens authenticate; the gate's token
/// is held to <see cref="Rbac"/>. <see cref="Faults"/> injects 429/409/500/timeouts/dropped watches and
/// <see cref="Requests"/> logs every request.
/// </summary>
public sealed class FakeKubeServer : IAsyncDisposable
{
    /// <summary>The bearer token of the gate's ServiceAccount (held to RBAC).</summary>
    public const string GateToken = "gate-sa-token-5f1e";

    /// <summary>The bearer token of an administrator (everything allowed).</summary>
    public const string AdminToken = "admin-token-9c2d";

    /// <summary>The user name of the gate's ServiceAccount.</summary>
    public const string GateUser = "system:serviceaccount:gate-system:gate";

    // What the server serves (apps.kruise.io DaemonSets too, routed like apps'), with the kind of each resource: the
    // legacy discovery kubectl reads before a request (/api, /apis, each group version's resource list) and the
    // kinds of list answers.
    private static readonly (string Group, string Version, string Resource, string Kind, bool Namespaced)[] Served =
    [
        (string.Empty, "v1", "pods", "Pod", true),
        (string.Empty, "v1", "nodes", "Node", false),
        ("apps", "v1", "daemonsets", "DaemonSet", true),
        ("apps", "v1", "controllerrevisions", "ControllerRevision", true),
        ("coordination.k8s.io", "v1", "leases", "Lease", true),
        ("flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "FlowSchema", false),
        ("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", "PriorityLevelConfiguration", false),
    ];

    private static readonly Dictionary<string, string> Kinds = Served.ToDictionary(s => s.Resource, s => s.Kind, StringComparer.Ordinal);

    private readonly ConcurrentQueue<ApiRequest> log = new();
    private readonly TimeProvider time;
    private WebApplication? app;

    private FakeKubeServer(TimeProvider time, FakeRbac? rbac)
    {
        this.time = time;
        Rbac = rbac;
        Cluster = new FakeCluster(time);
    }

    /// <summary>The objects and controllers.</summary>
    public FakeCluster Cluster { get; }

    /// <summary>Faults to inject.</summary>
    /// <summary>
    /// The API server's own <c>/metrics</c> (Prometheus text), produced per scrape; null: 404 like any unknown path.
    /// Served to authenticated callers only, as a real API server does.
    /// </summary>
    public Func<string>? MetricsText { get; set; }

    public FaultInjector Faults { get; } = new();

    /// <summary>The RBAC the gate's token is held to (null: not enforced).</summary>
    public FakeRbac? Rbac { get; }

    /// <summary>The admission policies writes are held to (e.g. deploy/gate-flowschema-policy.yaml); none by default.</summary>
    public FakeAdmission Admission { get; set; } = FakeAdmission.None;

    /// <summary>How long a <see cref="FaultKind.Timeout"/> holds a request (real time) unless the client gives up first.</summary>
    public TimeSpan TimeoutHold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK (on the server's clock).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A watch from a resourceVersion older than the retained history gets a 200 stream with one ERROR event holding
    /// the 410 Status (what the watch cache sends) instead of a 410 answer.
    /// </summary>
    public bool ExpiredAsWatchEvent { get; set; }

    /// <summary>The <c>gitVersion</c> that <c>GET /version</c> answers.</summary>
    public string Version { get; set; } = "v1.32.2";

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1");

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ApiRequest> Requests => log.ToArray();

    /// <summary>
    /// The self-signed certificate the server answers with when started with TLS (kubectl sends a bearer token only
    /// over TLS); <see cref="WriteKubeconfig"/> names it as the certificate authority. Null for plain HTTP.
    /// </summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>Starts a server on a free loopback port (HTTPS with a fresh self-signed certificate when <paramref name="tls"/>).</summary>
    public static async Task<FakeKubeServer> StartAsync(TimeProvider? time = null, FakeRbac? rbac = null, bool tls = false)
    {
        var server = new FakeKubeServer(time ?? TimeProvider.System, rbac);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        server.Certificate = tls ? SelfSigned() : null;
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0, l =>
        {
            if (server.Certificate is { } certificate)
            {
                l.UseHttps(certificate);
            }
        }));
        server.app = builder.Build();
        server.app.Run(server.HandleAsync);
        await server.app.StartAsync().ConfigureAwait(false);
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>Writes a kubeconfig for this server with <paramref name="token"/> and returns its path.</summary>
    public string WriteKubeconfig(string directory, string token = GateToken, string context = "fake")
    {
        var path = Path.Combine(directory, "kubeconfig-" + context);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: {context}
            clusters:
            - name: fake
              cluster:
                server: {Url.ToString().TrimEnd('/')}{(Certificate is null ? string.Empty : "\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.ASCII.GetBytes(Certificate.ExportCertificatePem())))}
            users:
            - name: gate
              user:
                token: {token}
            contexts:
            - name: {context}
              context:
                cluster: fake
                user: gate
                namespace: default
            """);
        return path;
    }

    private static JsonObject? Discovery(string path)
    {
        JsonObject GroupVersion(string gv, string version) => new() { ["groupVersion"] = gv, ["version"] = version };
        if (path == "/api")
        {
            return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"), ["serverAddressByClientCIDRs"] = new JsonArray() };
        }

        if (path == "/apis")
        {
            var groups = Served.Where(s => s.Group.Length > 0).Select(s => (s.Group, s.Version)).Distinct().Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Group,
                ["versions"] = new JsonArray(GroupVersion(g.Group + "/" + g.Version, g.Version)),
                ["preferredVersion"] = GroupVersion(g.Group + "/" + g.Version, g.Version),
            });
            return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = new JsonArray(groups.ToArray()) };
        }

        // /api/v1 lists the core group's resources, /apis/GROUP/VERSION a named group's
        var matching = Served.Where(s => path == (s.Group.Length == 0 ? "/api/" + s.Version : $"/apis/{s.Group}/{s.Version}")).ToList();
        var gvPath = matching.Count == 0 ? null : path[(path.IndexOf('/', 1) + 1)..];
        return matching.Count == 0 ? null : new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = gvPath,
            ["resources"] = new JsonArray(matching.Select(s => (JsonNode)new JsonObject
            {
                ["name"] = s.Resource,
                ["singularName"] = s.Kind.ToLowerInvariant(),
                ["namespaced"] = s.Namespaced,
                ["kind"] = s.Kind,
                ["verbs"] = new JsonArray("get", "list", "watch", "create", "update", "patch", "delete"),
            }).ToArray()),
        };
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake-kube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Clears the request log.</summary>
    public void ClearLog() => log.Clear();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        Cluster.Dispose();
    }

    private static (string Group, string Version, string? Ns, string Resource, string? Name, string? Sub)? Route(string path)
    {
        var parts = path.Trim('/').Split('/');
        int i;
        string group, version;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, i) = (string.Empty, parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, i) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        string? ns = null;
        if (parts.Length > i + 1 && parts[i] == "namespaces")
        {
            ns = parts[i + 1];
            i += 2;
        }

        if (parts.Length <= i)
        {
            return null;
        }

        return (group, version, ns, parts[i], parts.Length > i + 1 ? parts[i + 1] : null, parts.Length > i + 2 ? parts[i + 2] : null);
    }

    private static string VerbOf(string method, string? name, bool watch) => method switch
    {
        "GET" when watch => "watch",
        "GET" => name is null ? "list" : "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => name is null ? "deletecollection" : "delete",
        _ => method.ToLowerInvariant(),
    };

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        WriteJsonAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var route = Route(request.Path.Value ?? "/");
        var query = request.Query;
        var watch = query["watch"] is { Count: > 0 } w && (w[0] == "true" || w[0] == "1");
        var token = request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null;
        var user = token switch { GateToken => GateUser, AdminToken => "admin", _ => string.Empty };
        var entry = new ApiRequest
        {
            Time = time.GetUtcNow(),
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            Query = request.QueryString.HasValue ? Uri.UnescapeDataString(request.QueryString.Value![1..]) : string.Empty,
            Verb = route is null ? request.Method.ToLowerInvariant() : VerbOf(request.Method, route.Value.Name, watch),
            Group = route?.Group ?? string.Empty,
            Resource = route is null ? string.Empty : route.Value.Sub is { } sub ? route.Value.Resource + "/" + sub : route.Value.Resource,
            Namespace = route?.Ns,
            Name = route?.Name,
            LabelSelector = query["labelSelector"].FirstOrDefault(),
            FieldSelector = query["fieldSelector"].FirstOrDefault(),
            Accept = request.Headers.Accept.ToString(),
            User = user,
            UserAgent = request.Headers.UserAgent.ToString(),
        };
        log.Enqueue(entry);
        try
        {
            await DispatchAsync(context, entry, route, watch).ConfigureAwait(false);
        }
        finally
        {
            entry.Status = context.Response.StatusCode;
        }
    }

    private async Task DispatchAsync(HttpContext context, ApiRequest entry, (string Group, string Version, string? Ns, string Resource, string? Name, string? Sub)? route, bool watch)
    {
        if (entry.User.Length == 0)
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized").ConfigureAwait(false);
            return;
        }

        if (route is null && entry.Path == "/metrics" && MetricsText is { } metrics)
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(metrics(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (route is null && entry.Path is "/readyz" or "/livez" or "/healthz")
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (route is null && entry.Path.TrimEnd('/') == "/version")
        {
            await WriteJsonAsync(context, 200, new JsonObject { ["major"] = "1", ["gitVersion"] = Version, ["platform"] = "linux/amd64" }).ConfigureAwait(false);
            return;
        }

        if (route is null && Discovery(entry.Path.TrimEnd('/')) is { } discovery)
        {
            await WriteJsonAsync(context, 200, discovery).ConfigureAwait(false);
            return;
        }

        if (route is null)
        {
            await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource").ConfigureAwait(false);
            return;
        }

        if (entry.User == GateUser && Rbac is not null && !Rbac.Allows(entry))
        {
            var what = entry.Group.Length == 0 ? entry.Resource : entry.Resource + "." + entry.Group;
            await StatusAsync(context, 403, "Forbidden", $"{what} is forbidden: User \"{GateUser}\" cannot {entry.Verb} resource \"{entry.Resource}\"").ConfigureAwait(false);
            return;
        }

        var fault = Faults.Next(entry);
        if (fault is not null && (fault.Kind != FaultKind.Conflict || entry.Verb is "update" or "patch" or "create"))
        {
            entry.Fault = fault.Kind.ToString();
            switch (fault.Kind)
            {
                case FaultKind.TooManyRequests:
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await StatusAsync(context, 429, "TooManyRequests", "Too many requests, please try again later.").ConfigureAwait(false);
                    return;
                case FaultKind.Conflict:
                    await StatusAsync(context, 409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again").ConfigureAwait(false);
                    return;
                case FaultKind.ServerError:
                    await StatusAsync(context, 500, "InternalError", "Internal error occurred: injected").ConfigureAwait(false);
                    return;
                case FaultKind.EchoCredentials:
                    var presented = context.Request.Headers.Authorization.ToString();
                    await StatusAsync(context, 422, "Invalid", $"admission webhook denied the request: credential \"{presented[(presented.IndexOf(' ', StringComparison.Ordinal) + 1)..]}\" is not allowed here").ConfigureAwait(false);
                    return;
                case FaultKind.LostResponse:
                    await ApplyUnansweredAsync(context, entry, route).ConfigureAwait(false);
                    goto case FaultKind.Timeout;
                case FaultKind.Timeout:
                    try
                    {
                        await Task.Delay(fault.HoldFor ?? TimeoutHold, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    await StatusAsync(context, 504, "Timeout", "request timed out").ConfigureAwait(false);
                    return;
            }
        }

        var (group, version, ns, resource, name, sub) = route.Value;
        if (sub is not null)
        {
            await StatusAsync(context, 404, "NotFound", $"subresource {sub} is not served").ConfigureAwait(false);
            return;
        }

        switch (entry.Verb)
        {
            case "watch":
                await WatchAsync(context, entry, group, ns, resource, fault?.Kind == FaultKind.DropWatch).ConfigureAwait(false);
                break;
            case "list":
                await ListAsync(context, group, version, ns, resource).ConfigureAwait(false);
                break;
            case "get":
                await RespondObjectAsync(context, Cluster.Get(group, resource, ns, name!), resource, name!).ConfigureAwait(false);
                break;
            case "create":
                var body = await ReadBodyAsync(context).ConfigureAwait(false);
                if (resource == "flowschemas" && FlowSchemaProblem(body) is { } invalid)
                {
                    await StatusAsync(context, 422, "Invalid", "FlowSchema.flowcontrol.apiserver.k8s.io is invalid: " + invalid).ConfigureAwait(false);
                    break;
                }

                if (await DeniedAsync(context, entry, "CREATE", body, null).ConfigureAwait(false))
                {
                    break;
                }

                var created = Cluster.Create(group, resource, ns, body);
                if (created is null)
                {
                    await StatusAsync(context, 409, "AlreadyExists", $"{resource} already exists").ConfigureAwait(false);
                }
                else
                {
                    await WriteJsonAsync(context, 201, created).ConfigureAwait(false);
                }

                break;
            case "update" or "patch":
                var change = await ReadBodyAsync(context).ConfigureAwait(false);
                if (await DeniedAsync(context, entry, "UPDATE", change, Cluster.Get(group, resource, ns, name!)).ConfigureAwait(false))
                {
                    break;
                }

                var (written, status) = Cluster.Write(group, resource, ns, name!, change, entry.Verb == "patch");
                if (status == 409)
                {
                    await StatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again").ConfigureAwait(false);
                }
                else
                {
                    await RespondObjectAsync(context, written, resource, name!).ConfigureAwait(false);
                }

                break;
            case "delete":
                if (Cluster.Get(group, resource, ns, name!) is { } existing && await DeniedAsync(context, entry, "DELETE", null, existing).ConfigureAwait(false))
                {
                    break;
                }

                if (Cluster.Delete(group, resource, ns, name!) is { } deleted)
                {
                    await WriteJsonAsync(context, 200, deleted).ConfigureAwait(false);
                }
                else
                {
                    await StatusAsync(context, 404, "NotFound", $"{resource} \"{name}\" not found").ConfigureAwait(false);
                }

                break;
            default:
                await StatusAsync(context, 405, "MethodNotAllowed", "verb not supported by the fake API server").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Answers a write the admission policies refuse as kube-apiserver does (403/422 Status) and says so.</summary>
    private async Task<bool> DeniedAsync(HttpContext context, ApiRequest entry, string operation, JsonObject? obj, JsonObject? oldObject)
    {
        if (Admission.Review(operation, entry.User, entry.Group, entry.Resource, obj, oldObject) is not { } denial)
        {
            return false;
        }

        await StatusAsync(context, denial.StatusCode, denial.Reason, denial.Message).ConfigureAwait(false);
        return true;
    }

    /// <summary>Applies a write as <see cref="DispatchAsync"/> would, without answering (the response is lost).</summary>
    private async Task ApplyUnansweredAsync(HttpContext context, ApiRequest entry, (string Group, string Version, string? Ns, string Resource, string? Name, string? Sub)? route)
    {
        if (route is not { Sub: null } r)
        {
            return;
        }

        switch (entry.Verb)
        {
            case "create":
                Cluster.Create(r.Group, r.Resource, r.Ns, await ReadBodyAsync(context).ConfigureAwait(false));
                break;
            case "update" or "patch":
                Cluster.Write(r.Group, r.Resource, r.Ns, r.Name!, await ReadBodyAsync(context).ConfigureAwait(false), entry.Verb == "patch");
                break;
            case "delete":
                Cluster.Delete(r.Group, r.Resource, r.Ns, r.Name!);
                break;
        }
    }

    /// <summary>What the real API server's validation would reject in a FlowSchema (the parts the gate writes), or null.</summary>
    private static string? FlowSchemaProblem(JsonObject body)
    {
        var spec = body["spec"];
        if (spec?["priorityLevelConfiguration"]?["name"] is null)
        {
            return "spec.priorityLevelConfiguration.name: Required value";
        }

        var precedence = spec["matchingPrecedence"]?.GetValue<int>() ?? 1000;
        if (precedence is < 1 or > 10000)
        {
            return "spec.matchingPrecedence: must be between 1 and 10000";
        }

        return spec["rules"] is JsonArray { Count: > 0 } rules && rules.All(r => r?["subjects"] is JsonArray { Count: > 0 })
            ? null
            : "spec.rules: every rule needs subjects";
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static Task RespondObjectAsync(HttpContext context, JsonObject? obj, string resource, string name) =>
        obj is null ? StatusAsync(context, 404, "NotFound", $"{resource} \"{name}\" not found") : WriteJsonAsync(context, 200, obj);

    private async Task ListAsync(HttpContext context, string group, string version, string? ns, string resource)
    {
        var query = context.Request.Query;
        var labels = query["labelSelector"].FirstOrDefault();
        var fields = query["fieldSelector"].FirstOrDefault();
        var offset = int.TryParse(query["continue"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var limit = int.TryParse(query["limit"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var (page, total) = Cluster.Page(group, resource, ns, o => Selectors.MatchLabels(o, labels) && Selectors.MatchFields(o, fields), offset, limit, $"{labels}&{fields}");
        var remaining = total - offset - page.Count;
        var metadata = new JsonObject { ["resourceVersion"] = Cluster.ResourceVersion };
        if (remaining > 0)
        {
            metadata["continue"] = (offset + page.Count).ToString(CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(labels) && string.IsNullOrEmpty(fields))
            {
                metadata["remainingItemCount"] = remaining;
            }
        }

        var metadataOnly = context.Request.Headers.Accept.ToString().Contains("as=PartialObjectMetadataList", StringComparison.Ordinal);
        if (metadataOnly)
        {
            page = page.Select(o => new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "PartialObjectMetadata", ["metadata"] = o["metadata"]?.DeepClone() }).ToList();
        }

        var list = new JsonObject
        {
            ["apiVersion"] = metadataOnly ? "meta.k8s.io/v1" : group.Length == 0 ? version : group + "/" + version,
            ["kind"] = metadataOnly ? "PartialObjectMetadataList" : (Kinds.TryGetValue(resource, out var kind) ? kind : resource) + "List",
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.Select(JsonNode (o) => o).ToArray()),
        };
        await WriteJsonAsync(context, 200, list).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, ApiRequest entry, string group, string? ns, string resource, bool drop)
    {
        var response = context.Response;
        if (group.Length != 0 || resource != "pods")
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return; // only pods are watchable here: the stream ends at once and a client re-lists
        }

        var query = context.Request.Query;
        var from = query["resourceVersion"].FirstOrDefault();
        long? since = long.TryParse(from, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() == "true";
        var events = System.Threading.Channels.Channel.CreateUnbounded<string>();
        void OnEvent(string type, JsonObject pod)
        {
            if ((ns is null || pod["metadata"]?["namespace"]?.GetValue<string>() == ns)
                && Selectors.MatchLabels(pod, entry.LabelSelector) && Selectors.MatchFields(pod, entry.FieldSelector))
            {
                events.Writer.TryWrite(WatchLine(type, pod));
            }
        }

        using var subscription = Cluster.WatchPods(since, OnEvent);
        if (subscription is null)
        {
            // the events since that resourceVersion are gone: the client must list again
            entry.Fault = "Expired";
            var message = $"too old resource version: {from} ({Cluster.ResourceVersion})";
            if (ExpiredAsWatchEvent)
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
                await response.WriteAsync(WatchLine("ERROR", GoneStatus(message)), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await WriteJsonAsync(context, 410, GoneStatus(message)).ConfigureAwait(false);
            return;
        }

        response.StatusCode = 200;
        response.ContentType = "application/json";
        var seconds = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : 300;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds), time);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        using var bookmark = bookmarks
            ? time.CreateTimer(_ => events.Writer.TryWrite(WatchLine("BOOKMARK", new JsonObject { ["kind"] = "Pod", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = Cluster.ResourceVersion } })), null, BookmarkInterval, BookmarkInterval)
            : null;
        try
        {
            await response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            await foreach (var line in events.Reader.ReadAllAsync(end.Token).ConfigureAwait(false))
            {
                await response.WriteAsync(line, end.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(end.Token).ConfigureAwait(false);
                if (drop)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away or the watch timed out
        }
    }

    private static string WatchLine(string type, JsonObject obj) =>
        new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";

    private static JsonObject GoneStatus(string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = "Expired",
        ["code"] = 410,
    };
}
