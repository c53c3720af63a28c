namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// The AWS EBS CSI driver's node plugin (kubernetes-sigs/aws-ebs-csi-driver, read at v1.64.0), recognised in a
/// DaemonSet (the same image in the controller Deployment is not modelled). pkg/driver/node.go
/// <c>startNotReadyTaintWatcher</c> runs a short-lived informer of its own Node (<c>metadata.name=$(CSI_NODE_NAME)</c>)
/// to remove the <c>agent-not-ready</c> taint (a JSON patch), then GETs the node once more; it reads its CSINode once.
/// Instance metadata comes from IMDS; the Kubernetes fallback (pkg/cloud/metadata/k8s.go) GETs the node only when IMDS
/// is unavailable. The CSI sidecars on the node (node-driver-registrar, livenessprobe) talk to the kubelet and the
/// driver socket only.
/// </summary>
public sealed class AwsEbsCsi : IAgentModel
{
    public string Id => "aws-ebs-csi-node";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Workload.IsDaemonSet && context.Container.ImageRepository.EndsWith("aws-ebs-csi-driver", StringComparison.Ordinal);
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        if (string.IsNullOrEmpty(context.EnvValue("CSI_NODE_NAME")) && context.Container.FindEnv("CSI_NODE_NAME") is null)
        {
            return new AgentAnalysis { Agent = Id, Notes = ["aws-ebs-csi node: CSI_NODE_NAME is unset, the taint watcher does not run"] };
        }

        var patterns = new List<AccessPattern>();
        if (context.Container.FindEnv("DISABLE_TAINT_WATCHER") is null)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "aws-ebs-csi node: short-lived informer of its own node (agent-not-ready taint)", "metadata.name=$(CSI_NODE_NAME)"));
            patterns.Add(Patterns.Get(string.Empty, "nodes", origin, "aws-ebs-csi node: last-chance GET of its own node", null, PatternScope.Object));
            patterns.Add(Flannel.Write(ApiVerb.Patch, "nodes", origin, "aws-ebs-csi node: removes the agent-not-ready taint"));
        }

        patterns.Add(Patterns.Get("storage.k8s.io", "csinodes", origin, "aws-ebs-csi node: GET of its CSINode", null, PatternScope.Object));
        return new AgentAnalysis { Agent = Id, Patterns = patterns };
    }
}
