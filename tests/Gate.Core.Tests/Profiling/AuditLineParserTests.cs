using System.Text;
using Gate.Core.Profiling;
using Gate.Testing.Audit;

namespace Gate.Core.Tests.Profiling;

public class AuditLineParserTests
{
    private static readonly AuditClient Agent = new(AuditScenarios.PollerUser, "node-a", "pod-poller-b8v2k", "10.244.0.17");

    private static string OneLine(AuditClient client, string verb, string uri, AuditObject? obj, int code = 200) =>
        new AuditLogBuilder { WithRequestReceived = false }.Request(client, AuditScenarios.Start, verb, uri, obj, code).Merged().TrimEnd('\n');

    private static AuditLineKind Parse(string line, string user, out AuditEvent? ev, out string other, out string? error)
    {
        var kind = AuditLineParser.Parse(Encoding.UTF8.GetBytes(line), Encoding.UTF8.GetBytes(user), out ev, out var span, out error);
        other = Encoding.UTF8.GetString(span);
        return kind;
    }

    [Fact]
    public void Parse_ProfiledUsersList_ReadsUriTokenFieldsAndTime()
    {
        var line = OneLine(Agent, "list", "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a&limit=500&resourceVersion=0", new AuditObject("pods"));

        var kind = Parse(line, AuditScenarios.PollerUser, out var ev, out _, out _);

        Assert.Equal(AuditLineKind.Event, kind);
        Assert.Contains("\\u0026", line, StringComparison.Ordinal);
        Assert.Equal("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a&limit=500&resourceVersion=0", ev!.RequestUri);
        Assert.Equal(("list", "pods", "node-a", "pod-poller-b8v2k", "10.244.0.17", 200), (ev.Verb, ev.Resource, ev.NodeName, ev.PodName, ev.SourceIp, ev.Code));
        Assert.Equal(AuditScenarios.Start, ev.Received);
    }

    [Fact]
    public void Parse_OtherUsersEvent_ReturnsOnlyTheUserName()
    {
        var line = OneLine(new AuditClient("system:node:node-a", null, null, "10.0.1.1", BoundToken: false), "get", "/api/v1/nodes/node-a", new AuditObject("nodes", Name: "node-a"));

        var kind = Parse(line, AuditScenarios.PollerUser, out var ev, out var other, out _);

        Assert.Equal((AuditLineKind.OtherUser, "system:node:node-a"), (kind, other));
        Assert.Null(ev);
    }

    [Fact]
    public void Parse_WatchStarted_IsAnEventAtResponseStarted()
    {
        var lines = new AuditLogBuilder().Request(Agent, AuditScenarios.Start, "watch", "/api/v1/pods?watch=true&resourceVersion=1", new AuditObject("pods")).Merged().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var kinds = lines.Select(l => (Kind: Parse(l, AuditScenarios.PollerUser, out var ev, out _, out _), ev?.Stage)).ToList();

        Assert.Equal([(AuditLineKind.Ignored, null), (AuditLineKind.Event, AuditStage.ResponseStarted), (AuditLineKind.Event, AuditStage.ResponseComplete)], kinds);
    }

    [Theory]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\",\"stage\":\"ResponseComplete\"}", "apiVersion 'audit.k8s.io/v1beta1'")]
    [InlineData("I1207 10:00:00.000000 1 audit.go:42] not json", "not a JSON audit event")]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"ResponseComplete\",\"user\":{\"username\":\"system:serviceaccount:telemetry:pod-poller\"}", "not a JSON audit event")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}", "kind 'EventList'")]
    public void Parse_NotAnAuditEvent_BadWithReason(string line, string reason)
    {
        var kind = Parse(line, AuditScenarios.PollerUser, out _, out _, out var error);

        Assert.Equal(AuditLineKind.Bad, kind);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EscapedUserName_StillMatches()
    {
        var line = OneLine(Agent, "get", "/api/v1/nodes/node-a", new AuditObject("nodes", Name: "node-a")).Replace("system:serviceaccount", "system\\u003aserviceaccount", StringComparison.Ordinal);

        Assert.Equal(AuditLineKind.Event, Parse(line, AuditScenarios.PollerUser, out _, out _, out _));
    }

    [Fact]
    public void Parse_EmptyObjectRefStrings_ReadAsAbsent()
    {
        var line = OneLine(Agent, "list", "/api/v1/pods?limit=500", new AuditObject("pods")).Replace("\"resource\":\"pods\"", "\"resource\":\"pods\",\"namespace\":\"\",\"name\":\"\"", StringComparison.Ordinal);

        Parse(line, AuditScenarios.PollerUser, out var ev, out _, out _);

        Assert.Equal(("pods", null, null), (ev!.Resource, ev.Namespace, ev.Name));
    }

    [Fact]
    public void Query_FormEncodedSelectors_Decoded()
    {
        var q = RequestQuery.Parse("/api/v1/pods?labelSelector=app+in+%28a%2Cb%29&fieldSelector=status.phase%21%3DSucceeded&limit=500&continue=abc&resourceVersion=0");

        Assert.Equal(("app in (a,b)", "status.phase!=Succeeded", 500, true, "0"), (q.LabelSelector, q.FieldSelector, q.Limit, q.Continue, q.ResourceVersion));
    }
}
