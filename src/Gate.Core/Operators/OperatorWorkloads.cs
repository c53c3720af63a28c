using Gate.Core.Manifests;

namespace Gate.Core.Operators;

/// <summary>
/// Reads the operator custom resources of the inputs as the workloads their operators create, so the agent catalogue
/// prices an <c>OpenTelemetryCollector</c> in mode daemonset like the DaemonSet it becomes.
/// </summary>
public static class OperatorWorkloads
{
    /// <summary>The operators Gate reads, one file each.</summary>
    public static IReadOnlyList<IOperatorTranslation> Translations { get; } = [new OpenTelemetryOperator(), new AlloyOperator(), new DatadogOperator(), new EckOperator()];

    /// <summary>Every custom resource of <paramref name="objects"/> an operator of <see cref="Translations"/> handles, translated.</summary>
    public static OperatorExpansion Expand(IReadOnlyList<KubeObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var outputs = new List<OperatorOutput>();
        var unread = new Dictionary<KubeObject, string>(ReferenceEqualityComparer.Instance);
        foreach (var resource in objects)
        {
            var translation = Translations.FirstOrDefault(t => t.Handles(resource));
            if (translation is null)
            {
                continue;
            }

            if (translation.Translate(resource, out var reason) is { } output)
            {
                outputs.Add(output);
            }
            else
            {
                unread[resource] = reason ?? "Gate cannot read it";
            }
        }

        return new OperatorExpansion(outputs, unread);
    }
}

/// <summary>The operator resources of the inputs: those read (with what they create) and those Gate could not read, with why.</summary>
public sealed class OperatorExpansion
{
    private readonly Dictionary<KubeObject, OperatorOutput> byWorkload = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<KubeObject> read = new(ReferenceEqualityComparer.Instance);

    public OperatorExpansion(IReadOnlyList<OperatorOutput> outputs, IReadOnlyDictionary<KubeObject, string> unread)
    {
        Outputs = outputs ?? throw new ArgumentNullException(nameof(outputs));
        Unread = unread ?? throw new ArgumentNullException(nameof(unread));
        foreach (var output in outputs)
        {
            read.Add(output.Resource);
            foreach (var workload in output.Workloads)
            {
                byWorkload[workload] = output;
            }
        }
    }

    public IReadOnlyList<OperatorOutput> Outputs { get; }

    /// <summary>Operator resources Gate recognised but could not read, and why.</summary>
    public IReadOnlyDictionary<KubeObject, string> Unread { get; }

    /// <summary>Every object the operators create (workloads first).</summary>
    public IEnumerable<KubeObject> Objects => Outputs.SelectMany(o => o.Workloads.Concat(o.Objects));

    /// <summary>The workloads the operators create, in input order of their resources.</summary>
    public IEnumerable<KubeObject> Workloads => Outputs.SelectMany(o => o.Workloads);

    /// <summary>The resource a produced workload comes from, or null for a workload of the inputs.</summary>
    public OperatorOutput? SourceOf(KubeObject workload) => byWorkload.GetValueOrDefault(workload);

    /// <summary>True when <paramref name="resource"/> was read as the workloads its operator creates.</summary>
    public bool WasRead(KubeObject resource) => read.Contains(resource);
}
