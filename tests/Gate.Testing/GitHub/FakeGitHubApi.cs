using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gate.Testing.GitHub;

/// <summary>A request the fake GitHub API received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, string? Authorization)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// A loopback GitHub REST API (Kestrel, 127.0.0.1, port 0) for the endpoints the Action uses: issue comments
/// (list with Link-header pagination, create, update) and check runs (create, update). It records every request,
/// serves comments in pages of <see cref="PageSize"/>, and answers with a given status on demand
/// (<see cref="FailNext"/>). Paths are accepted with or without the GitHub Enterprise <c>/api/v3</c> prefix.
/// </summary>
public sealed partial class FakeGitHubApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(long Id, string Body)> _comments = [];
    private readonly Dictionary<string, Queue<int>> _failures = new(StringComparer.Ordinal);
    private long _nextId = 1000;

    private FakeGitHubApi(WebApplication app) => _app = app;

    /// <summary>The API base URL to give Octokit (GITHUB_API_URL).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The most comments one page returns, whatever per_page asks for.</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>When set, error messages echo the request's Authorization header (a careless server), to prove redaction.</summary>
    public bool EchoAuthorizationInErrors { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public IReadOnlyList<(long Id, string Body)> Comments
    {
        get
        {
            lock (_gate)
            {
                return _comments.ToList();
            }
        }
    }

    public static async Task<FakeGitHubApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGitHubApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/api/v3/");
        return fake;
    }

    /// <summary>Adds a comment (e.g. other people's, to fill pages) and returns its id.</summary>
    public long AddComment(string body)
    {
        lock (_gate)
        {
            var id = _nextId++;
            _comments.Add((id, body));
            return id;
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> requests to <paramref name="endpoint"/> (<c>comments.list</c>,
    /// <c>comments.create</c>, <c>comments.update</c>, <c>checks.create</c>, <c>checks.update</c>) answer
    /// <paramref name="status"/>.
    /// </summary>
    public void FailNext(string endpoint, int status, int times = 1)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(endpoint, out var queue))
            {
                _failures[endpoint] = queue = new Queue<int>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(status);
            }
        }
    }

    /// <summary>Requests to one endpoint, by method and a path suffix pattern.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathPattern) =>
        Requests.Where(r => r.Method == method && Regex.IsMatch(r.Path, pathPattern)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path.StartsWith("/api/v3", StringComparison.Ordinal))
        {
            path = path["/api/v3".Length..];
        }

        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var request = new RecordedRequest(http.Request.Method, path, http.Request.QueryString.Value ?? string.Empty, body, authorization.Length == 0 ? null : authorization);
        lock (_gate)
        {
            _requests.Add(request);
        }

        var (endpoint, match) = Route(request.Method, path);
        if (endpoint is null)
        {
            await WriteAsync(http, 404, new JsonObject { ["message"] = "Not Found" });
            return;
        }

        if (TakeFailure(endpoint) is { } status)
        {
            var message = status switch
            {
                403 => "Resource not accessible by integration",
                404 => "Not Found",
                401 => "Bad credentials",
                422 => "Validation Failed",
                _ => "Server Error",
            };
            if (EchoAuthorizationInErrors)
            {
                message += " (" + authorization + ")";
            }

            var error = new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };
            if (status == 422)
            {
                error["errors"] = new JsonArray(new JsonObject { ["resource"] = "CheckRun", ["code"] = "invalid", ["field"] = "output" });
            }

            await WriteAsync(http, status, error);
            return;
        }

        switch (endpoint)
        {
            case "comments.list":
                await ListCommentsAsync(http, path);
                break;
            case "comments.create":
                await WriteAsync(http, 201, Comment(AddComment(Text(body, "body")), Text(body, "body")));
                break;
            case "comments.update":
                await WriteAsync(http, 200, UpdateComment(long.Parse(match!.Groups["id"].Value, CultureInfo.InvariantCulture), Text(body, "body")));
                break;
            case "checks.create":
                long id;
                lock (_gate)
                {
                    id = _nextId++;
                }

                await WriteAsync(http, 201, CheckRun(id, body));
                break;
            default:
                await WriteAsync(http, 200, CheckRun(long.Parse(match!.Groups["id"].Value, CultureInfo.InvariantCulture), body));
                break;
        }
    }

    private static (string? Endpoint, Match? Match) Route(string method, string path)
    {
        Match m;
        if ((m = IssueComments().Match(path)).Success)
        {
            return (method == "GET" ? "comments.list" : method == "POST" ? "comments.create" : null, m);
        }

        if ((m = IssueComment().Match(path)).Success && method == "PATCH")
        {
            return ("comments.update", m);
        }

        if ((m = CheckRuns().Match(path)).Success && method == "POST")
        {
            return ("checks.create", m);
        }

        if ((m = CheckRunById().Match(path)).Success && method == "PATCH")
        {
            return ("checks.update", m);
        }

        return (null, null);
    }

    private int? TakeFailure(string endpoint)
    {
        lock (_gate)
        {
            return _failures.TryGetValue(endpoint, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }
    }

    private async Task ListCommentsAsync(HttpContext http, string path)
    {
        var query = http.Request.Query;
        var page = int.TryParse(query["page"], out var p) && p > 0 ? p : 1;
        var perPage = Math.Min(int.TryParse(query["per_page"], out var pp) && pp > 0 ? pp : 30, PageSize);
        var all = Comments;
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var items = new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)Comment(c.Id, c.Body)).ToArray());
        var self = $"{BaseUrl.GetLeftPart(UriPartial.Authority)}/api/v3{path}";
        var links = new List<string>();
        if (page < last)
        {
            links.Add($"<{self}?per_page={perPage}&page={page + 1}>; rel=\"next\"");
            links.Add($"<{self}?per_page={perPage}&page={last}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{self}?per_page={perPage}&page=1>; rel=\"first\"");
            links.Add($"<{self}?per_page={perPage}&page={page - 1}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }

        await WriteAsync(http, 200, items);
    }

    private JsonObject UpdateComment(long id, string body)
    {
        lock (_gate)
        {
            var index = _comments.FindIndex(c => c.Id == id);
            _comments[index] = (id, body);
        }

        return Comment(id, body);
    }

    private JsonObject Comment(long id, string body) => new()
    {
        ["id"] = id,
        ["node_id"] = "IC_" + id.ToString(CultureInfo.InvariantCulture),
        ["url"] = $"{BaseUrl}repos/o/r/issues/comments/{id}",
        ["html_url"] = $"https://github.example/o/r/pull/7#issuecomment-{id}",
        ["body"] = body,
        ["user"] = new JsonObject { ["login"] = "github-actions[bot]", ["id"] = 41898282, ["type"] = "Bot" },
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
        ["author_association"] = "NONE",
    };

    private static JsonObject CheckRun(long id, string requestBody)
    {
        var request = JsonNode.Parse(requestBody)?.AsObject() ?? [];
        return new JsonObject
        {
            ["id"] = id,
            ["head_sha"] = request["head_sha"]?.DeepClone() ?? "0000000",
            ["name"] = request["name"]?.DeepClone() ?? "Gate",
            ["status"] = "completed",
            ["conclusion"] = request["conclusion"]?.DeepClone(),
            ["started_at"] = "2026-01-01T00:00:00Z",
            ["completed_at"] = "2026-01-01T00:00:00Z",
        };
    }

    private static string Text(string json, string property) => JsonNode.Parse(json)?[property]?.GetValue<string>() ?? string.Empty;

    private static async Task WriteAsync(HttpContext http, int status, JsonNode payload)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(payload.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/(?<number>\d+)/comments/?$")]
    private static partial Regex IssueComments();

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/comments/(?<id>\d+)/?$")]
    private static partial Regex IssueComment();

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/check-runs/?$")]
    private static partial Regex CheckRuns();

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/check-runs/(?<id>\d+)/?$")]
    private static partial Regex CheckRunById();
}
