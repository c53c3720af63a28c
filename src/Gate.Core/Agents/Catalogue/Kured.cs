namespace Gate.Core.Agents.Catalogue;

/// <summary>
/// kured, the Kubernetes reboot daemon (kubereboot/kured, read at 1.23.0 and its main branch). cmd/kured/main.go
/// <c>rebootAsRequired</c>: at start it reads the lock annotation of its own DaemonSet
/// (pkg/daemonsetlock/daemonsetlock.go, a GET); then every <c>--period</c> (default 60 min) it checks the sentinel and
/// GETs its own Node (pkg/taints/taints.go, the PreferNoSchedule taint). Only when a reboot is required does it
/// take the lock (DaemonSet update), cordon and drain (pods of its node) and patch its node — bounded by reboots, not
/// by time, and not counted.
/// </summary>
public sealed class Kured : IAgentModel
{
    public string Id => "kured";

    public bool Detect(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var image = context.Container.ImageRepository;
        return image[(image.LastIndexOf('/') + 1)..] == "kured";
    }

    public AgentAnalysis Analyze(AgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Container.ImagePosition;
        var flag = context.Flag("--period");
        var period = Calico.GoDurationSeconds(flag?.Value) ?? 3600;
        return new AgentAnalysis
        {
            Agent = Id,
            Patterns =
            [
                Patterns.Get("apps", "daemonsets", origin, "kured start-up: GET of its DaemonSet (reboot lock annotation)", null, PatternScope.Object),
                Patterns.Get(string.Empty, "nodes", flag?.Position ?? origin, $"kured: GET of its own node every {period:0} s (reboot check)", period, PatternScope.Object),
            ],
            Notes = ["kured: the lock, cordon, drain and node patches happen only when a node needs a reboot and are not counted"],
        };
    }
}
