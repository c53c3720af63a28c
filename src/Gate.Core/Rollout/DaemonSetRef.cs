namespace Gate.Core.Rollout;

/// <summary>Which DaemonSet: namespace, name and API flavour.</summary>
/// <param name="Namespace">Namespace of the DaemonSet.</param>
/// <param name="Name">Name of the DaemonSet.</param>
/// <param name="Kruise">True for an OpenKruise Advanced DaemonSet (<c>apps.kruise.io/v1alpha1</c>).</param>
public sealed record DaemonSetRef(string Namespace, string Name, bool Kruise = false)
{
    /// <summary>The name of the coordination Lease two gates contend for.</summary>
    public string LeaseName => "gate-rollout-" + Name;

    /// <inheritdoc />
    public override string ToString() => Namespace + "/" + Name;
}
