using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gate.Core.Rollout;
using Gate.Testing;
using Gate.Testing.FakeKube;

namespace Gate.Kubernetes.Tests;

/// <summary>
/// deploy/gate-flowschema-policy.yaml, evaluated by a real CEL engine in the fake API server: the gate's token may
/// create and delete its own canary FlowSchemas (the objects <see cref="KubernetesFlowSchemas"/> really sends), and
/// nothing else that RBAC's `flowschemas` create/delete would allow.
/// </summary>
public sealed class FlowSchemaPolicyTests
{
    private const string FlowSchemas = "apis/flowcontrol.apiserver.k8s.io/v1/flowschemas";

    public static TheoryData<string, string> HostileSchemas => new()
    {
        { "not-a-canary-name", """{"metadata":{"name":"catch-everything","annotations":{"gate.dev/daemonset":"telemetry/otel-agent"}}}""" },
        { "no-owner-annotation", """{"metadata":{"name":"gate-canary-x","annotations":null}}""" },
        { "precedence-ahead-of-system", """{"spec":{"matchingPrecedence":1}}""" },
        { "exempt-level", """{"spec":{"priorityLevelConfiguration":{"name":"exempt"}}}""" },
        { "every-user", """{"spec":{"rules":[{"subjects":[{"kind":"Group","group":{"name":"system:authenticated"}}]}]}}""" },
        { "every-service-account-of-a-namespace", """{"spec":{"rules":[{"subjects":[{"kind":"ServiceAccount","serviceAccount":{"name":"*","namespace":"telemetry"}}]}]}}""" },
        { "kube-system-moved-to-workload-low", """{"spec":{"rules":[{"subjects":[{"kind":"ServiceAccount","serviceAccount":{"name":"coredns","namespace":"kube-system"}}]}]}}""" },
    };

    [Fact]
    public void Load_DeployFile_HasOnePolicy()
    {
        Assert.Equal(1, Policy().Count);
    }

    [Fact]
    public async Task EnsureAndRemove_TheGatesOwnSchema_AdmittedAndRemoved()
    {
        await using var h = await RolloutHarness.StartAsync(nodes: 3);
        var schemas = h.CanaryFlowSchemas();
        var schema = CanaryFlowSchema.For(new DaemonSetRef(RolloutHarness.Namespace, RolloutHarness.Name), "otel-agent");

        await schemas.EnsureAsync(schema, CancellationToken.None);
        Assert.Single(h.FlowSchemas());
        await schemas.RemoveAsync(schema.Name, schema.Owner, CancellationToken.None);

        Assert.Empty(h.FlowSchemas());
        Assert.DoesNotContain(h.Server.Requests, r => r.Status is 403 or 422);
    }

    [Theory]
    [MemberData(nameof(HostileSchemas))]
    public async Task Create_SchemaTheGateDoesNotOwn_RefusedWith403(string what, string change)
    {
        await using var server = await StartAsync();
        using var http = Http(server, FakeKubeServer.GateToken);

        using var response = await http.PostAsync(FlowSchemas, Json(Canary(change)));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what + ": " + body);
        Assert.StartsWith("ValidatingAdmissionPolicy 'gate-canary-flowschemas' denied request", JsonNode.Parse(body)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(server.Cluster.List("flowcontrol.apiserver.k8s.io", "flowschemas", null));
    }

    [Fact]
    public async Task Create_TheObjectTheGateSends_Admitted()
    {
        await using var server = await StartAsync();
        using var http = Http(server, FakeKubeServer.GateToken);

        using var response = await http.PostAsync(FlowSchemas, Json(Canary("{}")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(FakeKubeServer.GateToken, HttpStatusCode.Forbidden)]
    [InlineData(FakeKubeServer.AdminToken, HttpStatusCode.OK)]
    public async Task Delete_BootstrapSchema_RefusedOnlyForTheGate(string token, HttpStatusCode expected)
    {
        await using var server = await StartAsync();
        server.Cluster.Create("flowcontrol.apiserver.k8s.io", "flowschemas", null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "global-default" },
            ["spec"] = new JsonObject { ["matchingPrecedence"] = 9900, ["priorityLevelConfiguration"] = new JsonObject { ["name"] = "global-default" } },
        });
        using var http = Http(server, token);

        using var response = await http.DeleteAsync(FlowSchemas + "/global-default");

        Assert.Equal(expected, response.StatusCode);
    }

    private static FakeAdmission Policy() => FakeAdmission.Load(RepoPaths.InRepo("deploy", "gate-flowschema-policy.yaml"));

    private static async Task<FakeKubeServer> StartAsync()
    {
        var server = await FakeKubeServer.StartAsync(rbac: FakeRbac.Load(RepoPaths.InRepo("deploy", "gate-rbac.yaml")));
        server.Admission = Policy();
        return server;
    }

    // The schema KubernetesFlowSchemas writes for telemetry/otel-agent, with `change` merged over it.
    private static JsonObject Canary(string change)
    {
        var schema = KubernetesFlowSchemas.FlowSchemaObject(CanaryFlowSchema.For(new DaemonSetRef("telemetry", "otel-agent"), "otel-agent"));
        return (JsonObject)JsonMerge.Apply(schema, JsonNode.Parse(change))!;
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static HttpClient Http(FakeKubeServer server, string token)
    {
        var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
