using System.CommandLine;
using Gate.Cli.Commands.Rollout;
using Gate.Core;
using Gate.Core.Fleet;
using Gate.Core.Manifests;
using Gate.Core.Rollout;
using Gate.Kubernetes;

namespace Gate.Cli.Commands.Fleet;

/// <summary>One cluster of the fleet, connected: its entry, its DaemonSet's operator, its approval mark and its size.</summary>
internal sealed record FleetMember(FleetCluster Cluster, RolloutTarget Target, KubernetesFleetApproval Approval, int Nodes)
{
    public string Name => Cluster.Name;
}

/// <summary>The fleet of a <c>--fleet FLEET.yaml</c> command: the file, its connected clusters and the planned waves.</summary>
internal sealed record FleetSetup(FleetFile File, IReadOnlyDictionary<string, FleetMember> Members, IReadOnlyList<FleetWave> Waves)
{
    /// <summary>
    /// Reads FLEET.yaml, connects to every cluster and reads its size (the file's <c>nodes</c>, else one
    /// <c>GET /api/v1/nodes?limit=1</c>), then plans the waves. <paramref name="pauseBefore"/> adds pauses
    /// (<c>--pause-before-wave</c>).
    /// </summary>
    public static async Task<FleetSetup> LoadAsync(ParseResult parse, CliContext context, string fleetPath, IEnumerable<int> pauseBefore, CancellationToken cancellationToken)
    {
        var full = context.ResolvePath(fleetPath);
        if (!System.IO.File.Exists(full))
        {
            throw new GateUsageException("no such file", SourcePosition.FileOnly(fleetPath), "pass the fleet file: --fleet FLEET.yaml (see docs/fleet.md)");
        }

        var file = FleetFileParser.Parse(await System.IO.File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false), fleetPath);
        var folder = Path.GetDirectoryName(full)!;
        var name = parse.GetValue<string>("daemonset") ?? throw new GateUsageException("the DaemonSet name is required");
        var ns = parse.GetValue<string?>("--namespace");
        var kruise = RolloutHandlers.IsKruise(parse);
        var members = new Dictionary<string, FleetMember>(StringComparer.Ordinal);
        foreach (var cluster in file.Clusters)
        {
            var kubeconfig = cluster.Kubeconfig is { } own ? Path.GetFullPath(own, folder) : parse.GetValue<string?>("--kubeconfig");
            // with the command's kubeconfig a cluster is its context of the same name unless the file names one
            var kubeContext = cluster.Context ?? (cluster.Kubeconfig is null ? cluster.Name : null);
            var options = KubeconfigOptions.Read(context, kubeconfig, kubeContext);
            var (client, contextNamespace) = KubernetesConnection.Connect(options, context.Clock, context.GetEnvironmentVariable);
            var target = new DaemonSetRef(ns ?? contextNamespace ?? "default", name, kruise);
            var connection = RolloutTarget.For(client, target);
            var nodes = cluster.Nodes ?? await connection.Reader.CountNodesAsync(cancellationToken).ConfigureAwait(false);
            members[cluster.Name] = new FleetMember(cluster, connection, new KubernetesFleetApproval(client, target), nodes);
        }

        var waves = FleetPlanner.Plan(file, members.ToDictionary(m => m.Key, m => m.Value.Nodes, StringComparer.Ordinal), pauseBefore);
        return new FleetSetup(file, members, waves);
    }

    /// <summary>Each cluster's rollout state (the <c>gate.dev/rollout</c> annotation), null where none.</summary>
    public async Task<Dictionary<string, RolloutState?>> ReadStatesAsync(CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, RolloutState?>(StringComparer.Ordinal);
        foreach (var member in Members.Values)
        {
            var daemonSet = await member.Target.Cluster.GetDaemonSetAsync(cancellationToken).ConfigureAwait(false);
            states[member.Name] = RolloutState.Parse(daemonSet.StateJson);
        }

        return states;
    }

    /// <summary>
    /// The target the fleet is rolling out as <c>gate status/promote --fleet</c> see it (they are given no image): the
    /// target of the most recently started rollout in the fleet that is not a rollback, or null when none.
    /// </summary>
    public static string? CurrentTarget(IReadOnlyDictionary<string, RolloutState?> states) =>
        states.Values.OfType<RolloutState>().Where(s => s.Target != "rollback").OrderByDescending(s => s.StartedAt).FirstOrDefault()?.Target;

    /// <summary>Outcomes of every cluster for <paramref name="target"/>.</summary>
    public Dictionary<string, FleetClusterOutcome> Outcomes(IReadOnlyDictionary<string, RolloutState?> states, string? target) =>
        Members.Keys.ToDictionary(
            c => c,
            c => target is null ? FleetClusterOutcome.NotStarted : FleetResume.OutcomeOf(states.GetValueOrDefault(c), target),
            StringComparer.Ordinal);
}
