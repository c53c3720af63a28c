namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// Amazon VPC CNI (aws/amazon-vpc-cni-k8s, read at v1.23.1). The <c>aws-node</c> container (ipamd) reads through a
/// controller-runtime cache whose filters pkg/k8sapi/k8sutils.go <c>getIPAMDCacheFilters</c> pin to its own node:
/// pods with <c>spec.nodeName=$(MY_NODE_NAME)</c> and the Node with <c>metadata.name=$(MY_NODE_NAME)</c> (the ClusterRole
/// grants cluster-wide list/watch, which the cache does not use). With <c>AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true</c> it
/// also watches ENIConfigs; with <c>ENABLE_POD_ENI=true</c> its own CNINode. The <c>aws-eks-nodeagent</c> container
/// (aws/aws-network-policy-agent) watches PolicyEndpoints only with <c>--enable-network-policy=true</c>.
/// </summary>
public sealed class AwsVpcCni : IAgentModel
{
    public string Id => "aws-vpc-cni";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name is "amazon-k8s-cni" or "aws-network-policy-agent";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        var patterns = new List<AccessPattern>();
        if (context.Container.ImageRepository.EndsWith("aws-network-policy-agent", StringComparison.Ordinal))
        {
            if (context.Flag("--enable-network-policy") is { Value: "true" or "" } flag)
            {
                patterns.AddRange(Patterns.Informer("networking.k8s.aws", "policyendpoints", flag.Position, "aws network policy agent: PolicyEndpoints"));
            }

            return new AgentAnalysis { Agent = "aws-network-policy-agent", Patterns = patterns };
        }

        var node = context.NodeSelectorFromEnv("spec.nodeName", "MY_NODE_NAME");
        patterns.AddRange(Patterns.Informer(string.Empty, "pods", origin, "aws-node ipamd: pods of its own node (controller-runtime cache)", node));
        patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "aws-node ipamd: its own node", node is null ? null : "metadata.name=$(MY_NODE_NAME)"));
        if (IsTrue(context.EnvValue("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG")))
        {
            patterns.AddRange(Patterns.Informer("crd.k8s.amazonaws.com", "eniconfigs", origin, "aws-node custom networking: ENIConfigs"));
        }

        if (IsTrue(context.EnvValue("ENABLE_POD_ENI")))
        {
            patterns.AddRange(Patterns.Informer("vpcresources.k8s.aws", "cninodes", origin, "aws-node security groups for pods: its own CNINode", "metadata.name=$(MY_NODE_NAME)"));
        }

        return new AgentAnalysis { Agent = "aws-node", Patterns = patterns };
    }

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "1";
}
