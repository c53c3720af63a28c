using System.Net;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Rollout;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Gate.Kubernetes;

/// <summary>
/// <see cref="ICanaryFlowSchemas"/> over KubernetesClient: the per-agent FlowSchema the gate creates for a rollout (so
/// the projection can read the canary's own APF figures) and removes after it, only when it carries this rollout's
/// owner annotation.
/// </summary>
public sealed class KubernetesFlowSchemas : ICanaryFlowSchemas
{
    private const string FlowControlGroup = "flowcontrol.apiserver.k8s.io";
    private const string FlowControlVersion = "v1";
    private readonly IKubernetes client;
    private readonly DaemonSetRef target;

    public KubernetesFlowSchemas(IKubernetes client, DaemonSetRef target)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.target = target ?? throw new ArgumentNullException(nameof(target));
    }

    /// <inheritdoc />
    public async Task EnsureAsync(CanaryFlowSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            await CallAsync(() => client.CustomObjects.CreateClusterCustomObjectAsync(FlowSchemaObject(schema), FlowControlGroup, FlowControlVersion, "flowschemas", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // it exists: created by this rollout before the gate was restarted
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string name, string owner, CancellationToken cancellationToken)
    {
        try
        {
            var found = DaemonSetJson.ToNode(await CallAsync(() => client.CustomObjects.GetClusterCustomObjectAsync(FlowControlGroup, FlowControlVersion, "flowschemas", name, cancellationToken)).ConfigureAwait(false));
            if (found["metadata"]?["annotations"]?[CanaryFlowSchema.OwnerAnnotation]?.GetValue<string>() != owner)
            {
                return; // not the gate's schema for this DaemonSet: leave it alone
            }

            var uidOf = found["metadata"]?["uid"]?.GetValue<string>();
            var options = new V1DeleteOptions { Preconditions = uidOf is null ? null : new V1Preconditions { Uid = uidOf } };
            await CallAsync(() => client.CustomObjects.DeleteClusterCustomObjectAsync(FlowControlGroup, FlowControlVersion, "flowschemas", name, options, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // already gone (or replaced by someone else)
        }
    }

    /// <summary>The FlowSchema object of <paramref name="schema"/>.</summary>
    internal static JsonObject FlowSchemaObject(CanaryFlowSchema schema) => new()
    {
        ["apiVersion"] = FlowControlGroup + "/" + FlowControlVersion,
        ["kind"] = "FlowSchema",
        ["metadata"] = new JsonObject
        {
            ["name"] = schema.Name,
            ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "gate" },
            ["annotations"] = new JsonObject { [CanaryFlowSchema.OwnerAnnotation] = schema.Owner },
        },
        ["spec"] = new JsonObject
        {
            ["priorityLevelConfiguration"] = new JsonObject { ["name"] = schema.PriorityLevel },
            ["matchingPrecedence"] = CanaryFlowSchema.MatchingPrecedence,
            ["distinguisherMethod"] = new JsonObject { ["type"] = "ByUser" },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["subjects"] = new JsonArray(new JsonObject
                {
                    ["kind"] = "ServiceAccount",
                    ["serviceAccount"] = new JsonObject { ["name"] = schema.ServiceAccount, ["namespace"] = schema.ServiceAccountNamespace },
                }),
                ["resourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"),
                    ["apiGroups"] = new JsonArray("*"),
                    ["resources"] = new JsonArray("*"),
                    ["clusterScope"] = true,
                    ["namespaces"] = new JsonArray("*"),
                }),
                ["nonResourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"),
                    ["nonResourceURLs"] = new JsonArray("*"),
                }),
            }),
        },
    };

    /// <summary>Maps a refusal or an unreachable cluster to <see cref="GateEnvironmentException"/> (exit 3).</summary>
    private Task<T> CallAsync<T>(Func<Task<T>> call) => ApiCalls.CallAsync(call, target, "for " + target);
}
