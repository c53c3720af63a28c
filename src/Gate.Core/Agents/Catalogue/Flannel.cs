using System.Text.RegularExpressions;

namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// flanneld (flannel-io/flannel, read at v0.28.9). With <c>--kube-subnet-mgr</c> (or
/// <c>FLANNELD_KUBE_SUBNET_MGR=true</c>) pkg/subnet/kube/kube.go <c>newKubeSubnetManager</c> keeps an informer of every
/// node of the cluster (<c>NewListWatchFromClient(..., "nodes", "", fields.Everything())</c>) — O(N²) over a fleet —
/// unless the backend is <c>alloc</c>; it GETs its own pod at start when <c>NODE_NAME</c> is unset (to learn its node),
/// GETs its node for the stored MAC addresses and, from v0.25.2 on, the stored public IP, and patches its node twice (lease annotations,
/// <c>NetworkUnavailable</c>). With the etcd subnet manager it makes no API server requests.
/// </summary>
public sealed partial class Flannel : IAgentModel
{
    public string Id => "flannel";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        var name = image[(image.LastIndexOf('/') + 1)..];
        return name is "flannel" or "mirrored-flannelcni-flannel" or "mirrored-flannel-flannel"
            || (name.EndsWith("flannel", StringComparison.Ordinal) && !name.Contains("cni-plugin", StringComparison.Ordinal));
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var flag = context.Flag("--kube-subnet-mgr", "-kube-subnet-mgr");
        var env = context.EnvValue("FLANNELD_KUBE_SUBNET_MGR");
        var kube = (flag is not null && flag.Value is "" or "true") || env?.Trim().ToUpperInvariant() is "TRUE" or "1";
        if (!kube)
        {
            return new AgentAnalysis { Agent = Id, Notes = ["flannel without --kube-subnet-mgr: subnets are kept in etcd, no API server requests"] };
        }

        var origin = flag?.Position ?? context.Container.FindEnv("FLANNELD_KUBE_SUBNET_MGR")?.Position ?? context.Container.ImagePosition;
        var patterns = new List<AccessPattern>();
        if (string.IsNullOrEmpty(context.EnvValue("NODE_NAME")))
        {
            patterns.Add(Patterns.Get(string.Empty, "pods", origin, "flannel start-up: GET of its own pod to learn its node (NODE_NAME unset)", null, PatternScope.Object));
        }

        var alloc = context.ConfigFiles.Any(f => AllocBackend().IsMatch(f.Text));
        if (!alloc)
        {
            patterns.AddRange(Patterns.Informer(string.Empty, "nodes", origin, "flannel kube subnet manager: every node of the cluster (subnet leases)"));
        }

        patterns.Add(Patterns.Get(string.Empty, "nodes", origin, "flannel start-up: GET of its own node (stored MAC addresses)", null, PatternScope.Object));
        if (!(TagVersion(context.Container.Image) is { } version && version < new Version(0, 25, 2)))
        {
            patterns.Add(Patterns.Get(string.Empty, "nodes", origin, "flannel start-up: GET of its own node (stored public IP, v0.25.2+)", null, PatternScope.Object));
        }

        patterns.Add(Write(ApiVerb.Patch, "nodes", origin, "flannel start-up: patches its node's lease annotations"));
        patterns.Add(Write(ApiVerb.Patch, "nodes", origin, "flannel start-up: patches its node's NetworkUnavailable condition"));
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns = patterns,
            Notes = alloc ? [] : ["flannel --kube-subnet-mgr: every node lists and watches every node of the cluster"],
        };
    }

    /// <summary>A write of one object (the agent's own node …), once at start unless <paramref name="periodSeconds"/> is given.</summary>
    internal static AccessPattern Write(ApiVerb verb, string resource, Manifests.SourcePosition? origin, string reason, double? periodSeconds = null, string group = "") =>
        new() { Verb = verb, Group = group, Resource = resource, Scope = PatternScope.Object, Origin = origin, Reason = reason, PeriodSeconds = periodSeconds };

    /// <summary>The <c>vX.Y.Z</c> version of an image tag; null for digests, <c>latest</c> and other tags.</summary>
    private static Version? TagVersion(string image)
    {
        var match = ImageTag().Match(image);
        return match.Success ? new Version(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    [GeneratedRegex(@":v?(\d+)\.(\d+)\.(\d+)[^/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageTag();

    [GeneratedRegex(@"""Type""\s*:\s*""alloc""", RegexOptions.CultureInvariant)]
    private static partial Regex AllocBackend();
}
